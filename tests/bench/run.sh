#!/usr/bin/env bash
# Times kenshu against Hugo on the same generated corpus at one or more sizes: for each, the
# medians, their ratio and the peak memory; then how the time grows from the smallest size to
# the largest, and the search figures of the smallest size's site.
#
#     run.sh KENSHU_BINARY GENCORPUS_BINARY [SIZES="2000"] [RUNS=5]
#
# SIZES is a list of lesson counts ("2000 10000"). Every corpus has a 1,000-term glossary and
# 200 competence tests. The smallest size is built RUNS times, each larger one max(1, RUNS - 2)
# times: a 10,000-lesson round (kenshu twice, then Hugo) takes minutes, mostly Hugo's, and
# RUNS - 2 keeps an odd RUNS odd, so the median is one real run. Builds alternate (kenshu,
# kenshu with glossary, hugo, ...) so that drift in machine load hits all alike, and every
# build starts from an empty output folder. Peak memory is the largest maximum resident set size over a size's
# runs, from GNU time (/usr/bin/time -f %M), in MB of 10^6 bytes. The script reports figures
# only, targets included: a slow ratio is not a failure, a failed build is.
set -euo pipefail

NTERMS=1000
NQUIZZES=200

usage() {
	echo "usage: $0 KENSHU_BINARY GENCORPUS_BINARY [SIZES=\"2000\"] [RUNS=5]" >&2
	exit 2
}

if [ $# -lt 2 ] || [ $# -gt 4 ]; then usage; fi
kenshu=$1
gencorpus=$2
runs=${4:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage
# Sizes in increasing order, each once.
sizes=()
for n in ${3:-2000}; do
	[[ $n =~ ^[1-9][0-9]*$ ]] || usage
	sizes+=("$((10#$n))")
done
[ ${#sizes[@]} -gt 0 ] || usage
mapfile -t sizes < <(printf '%s\n' "${sizes[@]}" | sort -n -u)
smallest=${sizes[0]}
largest=${sizes[${#sizes[@]} - 1]}

# Absolute paths: the builds run with -C / -s pointing elsewhere.
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
kenshu=$(abspath "$kenshu")
gencorpus=$(abspath "$gencorpus")

for bin in "$kenshu" "$gencorpus"; do
	[ -x "$bin" ] || { echo "bench: $bin: not an executable file" >&2; exit 1; }
done
hugo=$(command -v hugo) || { echo "bench: hugo not found in PATH (Debian: apt-get install hugo)" >&2; exit 1; }
gnutime=/usr/bin/time
[ -x "$gnutime" ] || { echo "bench: $gnutime not found (Debian: apt-get install time)" >&2; exit 1; }

# In memory where the machine has it, so that the figures measure the tools, not the disk.
base=${TMPDIR:-/tmp}
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/kenshu-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "bench: working in $base; hugo $("$hugo" version | awk '{print $2}')"

# 10000 -> 10,000
commas() { printf '%s\n' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'; }

# Run a command under GNU time, print its wall time in nanoseconds and leave its peak memory
# (KiB) in $work/rss; on failure show its output and stop.
timed() {
	local log=$work/log start end
	start=$(date +%s%N)
	if ! "$gnutime" -f %M -o "$work/rss" "$@" >"$log" 2>&1; then
		echo "bench: build failed: $*" >&2
		cat "$log" "$work/rss" >&2
		exit 1
	fi
	end=$(date +%s%N)
	echo $((end - start))
}
rss() { tail -n 1 "$work/rss"; }

# median of nanosecond figures, in seconds
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1e9 }'; }
seconds() { for ns in "$@"; do awk -v ns="$ns" 'BEGIN { printf "%.3f\n", ns / 1e9 }'; done | paste -sd' ' -; }
max() { printf '%s\n' "$@" | sort -n | tail -n 1; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f\n", k * 1024 / 1e6 }'; }

declare -A plain_med glossary_med hugo_med kenshu_mb hugo_mb

for nlessons in "${sizes[@]}"; do
	n_runs=$runs
	[ "$nlessons" = "$smallest" ] || n_runs=$((runs > 3 ? runs - 2 : 1)) # max(1, RUNS - 2)
	dir=$work/$nlessons
	"$gencorpus" "$dir/corpus" "$nlessons" "$NTERMS" "$NQUIZZES" >/dev/null
	# The same course without its glossary: the core build, and what linking terms costs.
	cp -R "$dir/corpus/kenshu" "$dir/corpus/plain"
	rm "$dir/corpus/plain/content/glossary.yaml"
	terms=$(grep -c '^- term:' "$dir/corpus/kenshu/content/glossary.yaml")
	quizzes=$(find "$dir/corpus/kenshu/quizzes" -name '*.yaml' -type f | wc -l)
	md_bytes=$(find "$dir/corpus/kenshu" -name '*.md' -type f -exec cat {} + | wc -c)
	echo
	awk -v n="$(commas "$nlessons")" -v b="$md_bytes" -v t="$terms" -v q="$quizzes" -v r="$n_runs" \
		'BEGIN { printf "bench: %s lessons, %.1f MB of Markdown, %d glossary terms, %d tests; %d run%s\n",
			n, b / 1e6, t, q, r, r == 1 ? "" : "s" }'

	kenshu_ns=()
	glossary_ns=()
	hugo_ns=()
	glossary_rss=()
	hugo_rss=()
	for ((i = 1; i <= n_runs; i++)); do
		rm -rf "$dir/plain-out" "$dir/plain-out.zip"
		kenshu_ns+=("$(timed "$kenshu" build -C "$dir/corpus/plain" -o "$dir/plain-out" -q \
			--zip "$dir/plain-out.zip")")
		rm -rf "$dir/kenshu-out" "$dir/kenshu-out.zip"
		glossary_ns+=("$(timed "$kenshu" build -C "$dir/corpus/kenshu" -o "$dir/kenshu-out" -q \
			--zip "$dir/kenshu-out.zip")")
		glossary_rss+=("$(rss)")
		rm -rf "$dir/hugo-out"
		hugo_ns+=("$(timed "$hugo" -s "$dir/corpus/hugo" -d "$dir/hugo-out" --quiet)")
		hugo_rss+=("$(rss)")
		# A build that exits 0 without writing the site would make a meaningless figure.
		for f in kenshu-out/index.html kenshu-out/quiz-q001.html kenshu-out.zip hugo-out/index.html; do
			[ -s "$dir/$f" ] || { echo "bench: build succeeded but wrote no $f" >&2; exit 1; }
		done
	done

	k=$(median "${kenshu_ns[@]}")
	g=$(median "${glossary_ns[@]}")
	h=$(median "${hugo_ns[@]}")
	plain_med[$nlessons]=$k
	glossary_med[$nlessons]=$g
	hugo_med[$nlessons]=$h
	kenshu_mb[$nlessons]=$(mb "$(max "${glossary_rss[@]}")")
	hugo_mb[$nlessons]=$(mb "$(max "${hugo_rss[@]}")")
	echo "bench: kenshu median $k s, ZIP included (runs: $(seconds "${kenshu_ns[@]}"))"
	echo "bench: kenshu with the $terms-term glossary: median $g s (runs: $(seconds "${glossary_ns[@]}"))"
	echo "bench: hugo   median $h s (runs: $(seconds "${hugo_ns[@]}"))"
	awk -v k="$k" -v g="$g" -v h="$h" 'BEGIN {
		printf "bench: ratio kenshu/hugo %.2f (target < 0.5)\n", (h > 0 ? k / h : 0)
		printf "bench: glossary linking adds %.0f%% build time (target < 25%%); ratio with it %.2f\n",
			(k > 0 ? (g / k - 1) * 100 : 0), (h > 0 ? g / h : 0) }'
	echo "bench: peak memory: kenshu ${kenshu_mb[$nlessons]} MB (with the glossary), hugo ${hugo_mb[$nlessons]} MB"

	# Keep the smallest size's site for the search figures; drop the rest before the next size.
	if [ "$nlessons" = "$smallest" ]; then
		mv "$dir/kenshu-out" "$work/search-site"
	fi
	rm -rf "$dir"
done

echo
if [ "$smallest" != "$largest" ]; then
	# Linear growth would be the lesson ratio; the target allows 10% over it (5.5x for 5x).
	awk -v from="$(commas "$smallest")" -v to="$(commas "$largest")" -v l="$largest" -v s="$smallest" \
		-v k0="${glossary_med[$smallest]}" -v k1="${glossary_med[$largest]}" \
		-v p0="${plain_med[$smallest]}" -v p1="${plain_med[$largest]}" \
		-v h0="${hugo_med[$smallest]}" -v h1="${hugo_med[$largest]}" 'BEGIN {
		r = l / s
		printf "bench: growth %s -> %s lessons (%.1fx the lessons): kenshu %.1fx (target <= %.1fx), " \
			"without glossary %.1fx, hugo %.1fx\n", from, to, r, (k0 > 0 ? k1 / k0 : 0), 1.1 * r,
			(p0 > 0 ? p1 / p0 : 0), (h0 > 0 ? h1 / h0 : 0) }'
fi
target=""
[ "$largest" = 10000 ] && target=" (target < 500 MB)"
echo "bench: peak memory at $(commas "$largest") lessons: ${kenshu_mb[$largest]} MB$target"

# Search: the index size against the text it indexes, and query times in headless Chromium,
# on the smallest size's kenshu build. Node, Chromium and playwright-core are what the browser
# tests use.
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../../deps.sh" browser
if [ ! -d "$here/../browser/node_modules/playwright-core" ]; then
	(cd "$here/../browser" && npm ci --no-audit --no-fund >&2)
fi
echo
echo "bench: search, on the $(commas "$smallest")-lesson site:"
node "$here/search-bench.js" "$work/search-site"
