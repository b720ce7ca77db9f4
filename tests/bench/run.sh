#!/usr/bin/env bash
# Times kenshu against Hugo on the same generated corpus and prints the medians and their ratio.
#
#     run.sh KENSHU_BINARY GENCORPUS_BINARY [NLESSONS=2000] [RUNS=5]
#
# Builds alternate (kenshu, hugo, kenshu, ...) so that drift in machine load hits both alike,
# and every build starts from an empty output folder. The script reports figures only: a slow
# ratio is not a failure, a failed build is.
set -euo pipefail

usage() {
	echo "usage: $0 KENSHU_BINARY GENCORPUS_BINARY [NLESSONS=2000] [RUNS=5]" >&2
	exit 2
}

if [ $# -lt 2 ] || [ $# -gt 4 ]; then usage; fi
kenshu=$1
gencorpus=$2
nlessons=${3:-2000}
runs=${4:-5}
[[ $nlessons =~ ^[0-9]+$ && $runs =~ ^[1-9][0-9]*$ ]] || usage

# Absolute paths: the builds run with -C / -s pointing elsewhere.
abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s/%s\n' "$PWD" "$1" ;; esac; }
kenshu=$(abspath "$kenshu")
gencorpus=$(abspath "$gencorpus")

for bin in "$kenshu" "$gencorpus"; do
	[ -x "$bin" ] || { echo "bench: $bin: not an executable file" >&2; exit 1; }
done
hugo=$(command -v hugo) || { echo "bench: hugo not found in PATH (Debian: apt-get install hugo)" >&2; exit 1; }

# In memory where the machine has it, so that the figures measure the tools, not the disk.
base=${TMPDIR:-/tmp}
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/kenshu-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$gencorpus" "$work/corpus" "$nlessons" >/dev/null
# The same course without its glossary: the core build, and what linking terms costs.
cp -R "$work/corpus/kenshu" "$work/corpus/plain"
rm "$work/corpus/plain/content/glossary.yaml"
terms=$(grep -c '^- term:' "$work/corpus/kenshu/content/glossary.yaml")
md_bytes=$(find "$work/corpus/kenshu" -name '*.md' -type f -exec cat {} + | wc -c)
awk -v n="$nlessons" -v b="$md_bytes" -v v="$("$hugo" version | awk '{print $2}')" \
	'BEGIN { printf "bench: %d lessons, %.1f MB of Markdown (hugo %s)\n", n, b / 1e6, v }'
echo "bench: working in $base"

# Run a command, print its wall time in nanoseconds; on failure show its output and stop.
timed() {
	local log=$work/log start end
	start=$(date +%s%N)
	if ! "$@" >"$log" 2>&1; then
		echo "bench: build failed: $*" >&2
		cat "$log" >&2
		exit 1
	fi
	end=$(date +%s%N)
	echo $((end - start))
}

kenshu_ns=()
glossary_ns=()
hugo_ns=()
for ((i = 1; i <= runs; i++)); do
	rm -rf "$work/plain-out" "$work/plain-out.zip"
	kenshu_ns+=("$(timed "$kenshu" build -C "$work/corpus/plain" -o "$work/plain-out" -q \
		--zip "$work/plain-out.zip")")
	rm -rf "$work/kenshu-out" "$work/kenshu-out.zip"
	glossary_ns+=("$(timed "$kenshu" build -C "$work/corpus/kenshu" -o "$work/kenshu-out" -q \
		--zip "$work/kenshu-out.zip")")
	rm -rf "$work/hugo-out"
	hugo_ns+=("$(timed "$hugo" -s "$work/corpus/hugo" -d "$work/hugo-out" --quiet)")
	# A build that exits 0 without writing the site would make a meaningless figure.
	for f in kenshu-out/index.html kenshu-out.zip hugo-out/index.html; do
		[ -s "$work/$f" ] || { echo "bench: build succeeded but wrote no $f" >&2; exit 1; }
	done
done

# median of nanosecond figures, in seconds
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "%.3f\n", m / 1e9 }'; }
seconds() { for ns in "$@"; do awk -v ns="$ns" 'BEGIN { printf "%.3f\n", ns / 1e9 }'; done | paste -sd' ' -; }

kenshu_med=$(median "${kenshu_ns[@]}")
glossary_med=$(median "${glossary_ns[@]}")
hugo_med=$(median "${hugo_ns[@]}")
echo "bench: kenshu median $kenshu_med s, ZIP included (runs: $(seconds "${kenshu_ns[@]}"))"
echo "bench: kenshu with a $terms-term glossary: median $glossary_med s (runs: $(seconds "${glossary_ns[@]}"))"
echo "bench: hugo   median $hugo_med s (runs: $(seconds "${hugo_ns[@]}"))"
awk -v k="$kenshu_med" -v g="$glossary_med" -v h="$hugo_med" 'BEGIN {
	printf "bench: ratio kenshu/hugo %.2f (target < 0.5)\n", (h > 0 ? k / h : 0)
	printf "bench: glossary linking adds %.0f%% build time (target < 25%%); ratio with it %.2f\n",
		(k > 0 ? (g / k - 1) * 100 : 0), (h > 0 ? g / h : 0) }'

# Search: the index size against the text it indexes, and query times in headless Chromium,
# on the last kenshu build. Node, Chromium and playwright-core are what the browser tests use.
here=$(cd "$(dirname "$0")" && pwd)
sh "$here/../../deps.sh" browser
if [ ! -d "$here/../browser/node_modules/playwright-core" ]; then
	(cd "$here/../browser" && npm ci --no-audit --no-fund >&2)
fi
node "$here/search-bench.js" "$work/kenshu-out"
