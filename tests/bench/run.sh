#!/usr/bin/env bash
# Times kenshu against two yardsticks on the same generated corpus, at one or more sizes and in
# two places, and ends with a table of every target: its figure, and met or not.
#
#     run.sh KENSHU_BINARY GENCORPUS_BINARY [SIZES="2000 10000"] [RUNS=5]
#
# BENCH_TARGETS, when set, names a file of rows that benches run before this one wrote for
# the closing table (tests/bench/serve.sh's), added at its end.
# SIZES is a list of lesson counts. Every corpus has a 1,000-term glossary and 200 competence
# tests. The yardsticks are Hugo, building the same course with the layout gencorpus writes for
# it, and the cmark-gfm command over the lessons' Markdown (front matter removed) with the
# extensions kenshu's Markdown module enables: table, strikethrough, autolink, tagfilter,
# tasklist and footnotes. cmark-gfm runs twice: over the lessons concatenated into one file,
# the figure the target is set against, and as one process per lesson writing one HTML file
# each, which adds a process start per lesson and so flatters kenshu.
#
# The places are memory (/dev/shm, or $TMPDIR when set) and a disk file system ($BENCH_DISK,
# default /var/tmp); the file system type of each is printed. A creating build costs more on a
# disk, and not alike for every tool, so both are reported. In each place the corpus and every
# tool's output live side by side, and the file system is synced before each build, so that no
# tool pays for another's write-back.
#
# The smallest size is built RUNS times, each larger one max(1, RUNS - 2) times: a
# 10,000-lesson round takes minutes, mostly Hugo's, and RUNS - 2 keeps an odd RUNS odd, so the
# median is one real run. Builds alternate (kenshu, kenshu with the glossary, hugo, cmark-gfm
# concatenated, cmark-gfm per lesson, ...) so that drift in machine load hits all alike, and
# every build starts from an empty output folder. Peak memory is the largest maximum resident
# set size over a size's runs in both places, from GNU time (/usr/bin/time -f %M), in MB of
# 10^6 bytes. The search figures (tests/bench/search-bench.js in headless Chromium) are taken
# on the smallest and the largest size's sites.
#
# Which figure each target reads: the ratios to Hugo and to cmark-gfm use kenshu without the
# glossary (the core build, ZIP included) at the smallest size; the growth from the smallest
# size to the largest and the peak memory use kenshu with the glossary. kenshu without the
# ZIP (--no-zip), the site alone as the yardsticks make it, is timed in memory only, at the
# end of each round, and printed beside them as a figure that no target reads: it shows what
# the branch offices' archive costs. The script reports figures only: a target not met is not
# a failure, a failed build is.
set -euo pipefail

NTERMS=1000
NQUIZZES=200

# The targets.
HUGO_RATIO=0.35         # kenshu time / Hugo time, at most
CMARK_RATIO=2           # kenshu time / cmark-gfm time (concatenated), at most
GROWTH_SLACK=1.1        # time growth, at most this times the growth in lessons (5.5 for 5)
MEMORY_MB=500           # peak memory at 10,000 lessons, under
FIRST_SEARCH_MB=3       # bytes the first search loads at 10,000 lessons, at most
GLOSSARY_PERCENT=25     # time the glossary's linking adds, under

usage() {
	echo "usage: $0 KENSHU_BINARY GENCORPUS_BINARY [SIZES=\"2000 10000\"] [RUNS=5]" >&2
	exit 2
}

if [ $# -lt 2 ] || [ $# -gt 4 ]; then usage; fi
kenshu=$1
gencorpus=$2
runs=${4:-5}
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage
# Sizes in increasing order, each once.
sizes=()
for n in ${3:-2000 10000}; do
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
here=$(cd "$(dirname "$0")" && pwd)

for bin in "$kenshu" "$gencorpus"; do
	[ -x "$bin" ] || { echo "bench: $bin: not an executable file" >&2; exit 1; }
done
hugo=$(command -v hugo) || { echo "bench: hugo not found in PATH (Debian: apt-get install hugo)" >&2; exit 1; }
command -v cmark-gfm >/dev/null ||
	{ echo "bench: cmark-gfm not found in PATH (Debian: apt-get install cmark-gfm)" >&2; exit 1; }
cmark=(cmark-gfm -e table -e strikethrough -e autolink -e tagfilter -e tasklist -e footnotes)
gnutime=/usr/bin/time
[ -x "$gnutime" ] || { echo "bench: $gnutime not found (Debian: apt-get install time)" >&2; exit 1; }

# The two places, each a fresh folder removed on exit. The memory one also holds the logs and
# the sites kept for the search figures.
mem_base=${TMPDIR:-/tmp}
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && mem_base=/dev/shm
disk_base=${BENCH_DISK:-/var/tmp}
if [ ! -d "$disk_base" ] || [ ! -w "$disk_base" ]; then
	echo "bench: BENCH_DISK=$disk_base: not a writable folder" >&2
	exit 1
fi
places=(tmpfs disk)
declare -A place_dir place_fs
work=""
cleanup() { rm -rf "$work" "${place_dir[disk]:-}"; }
trap cleanup EXIT
work=$(mktemp -d "$mem_base/kenshu-bench.XXXXXX")
place_dir[tmpfs]=$work
place_dir[disk]=$(mktemp -d "$(abspath "$disk_base")/kenshu-bench.XXXXXX")
for p in "${places[@]}"; do place_fs[$p]=$(stat -f -c %T "${place_dir[$p]}"); done
echo "bench: hugo $("$hugo" version | awk '{print $2}'), $("${cmark[@]}" --version | head -n 1 | awk '{print $1, $2}')"
for p in "${places[@]}"; do
	echo "bench: $p: ${place_dir[$p]%/*} (${place_fs[$p]})"
done
[ "${place_fs[disk]}" != tmpfs ] || echo "bench: note: BENCH_DISK ${place_dir[disk]%/*} is in memory, not on a disk"

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
exact_mb() { awk -v k="$1" 'BEGIN { printf "%.3f\n", k * 1024 / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f\n", (b > 0 ? a / b : 0) }'; }

# The lessons' Markdown as cmark-gfm is given it: front matter removed, one file per lesson in
# DIR/md and all of them, a blank line apart so that no block runs on into the next lesson,
# in DIR/lessons.md. One awk for every file: a process per lesson would take longer than
# the builds.
lesson_markdown() {
	local dir=$1
	mkdir "$dir/md"
	find "$dir/corpus/kenshu/content/lessons" -name '*.md' -type f | sort >"$dir/lesson-list"
	awk -v md="$dir/md" -v all="$dir/lessons.md" '{
		name = $0; sub(/.*\//, "", name); out = md "/" name
		if (NR > 1) print "" >all
		first = 1; fm = 0
		while ((getline line <$0) > 0) {
			if (first && line == "---") fm = 1
			else if (fm) { if (line == "---") fm = 0 }
			else { print line >out; print line >all }
			first = 0
		}
		close($0); close(out)
	}' "$dir/lesson-list"
}

# Medians in seconds by "place size": kenshu without and with the glossary, hugo, cmark-gfm
# over the concatenation; peak memory in KiB by size.
declare -A plain_med glossary_med hugo_med cmark_med kenshu_kib hugo_kib
summary=()

# One round of builds of the corpus in DIR, in PLACE, each from an empty output folder,
# appending to the figures' arrays.
round() {
	local dir=$1 place=$2 f
	rm -rf "$dir/plain-out" "$dir/plain-out.zip"
	sync -f "$dir"
	plain_ns+=("$(timed "$kenshu" build -C "$dir/corpus/plain" -o "$dir/plain-out" -q \
		--zip "$dir/plain-out.zip")")
	k_rss+=("$(rss)")
	rm -rf "$dir/kenshu-out" "$dir/kenshu-out.zip"
	sync -f "$dir"
	glossary_ns+=("$(timed "$kenshu" build -C "$dir/corpus/kenshu" -o "$dir/kenshu-out" -q \
		--zip "$dir/kenshu-out.zip")")
	k_rss+=("$(rss)")
	rm -rf "$dir/hugo-out"
	sync -f "$dir"
	hugo_ns+=("$(timed "$hugo" -s "$dir/corpus/hugo" -d "$dir/hugo-out" --quiet)")
	h_rss+=("$(rss)")
	rm -f "$dir/cmark-out.html"
	sync -f "$dir"
	# shellcheck disable=SC2016 # the inner shell expands them
	cmark_ns+=("$(timed sh -c 'out=$1; shift; exec "$@" >"$out"' sh "$dir/cmark-out.html" \
		"${cmark[@]}" "$dir/lessons.md")")
	rm -rf "$dir/cmark-each"
	mkdir "$dir/cmark-each"
	sync -f "$dir"
	# shellcheck disable=SC2016
	each_ns+=("$(timed sh -c 'in=$1 out=$2; shift 2
		for f in "$in"/*.md; do n=${f##*/}; "$@" "$f" >"$out/${n%.md}.html" || exit; done' \
		sh "$dir/md" "$dir/cmark-each" "${cmark[@]}")")
	# A build that exits 0 without writing its output would make a meaningless figure.
	for f in plain-out/index.html kenshu-out/index.html kenshu-out/quiz-q001.html kenshu-out.zip \
		hugo-out/index.html cmark-out.html; do
		[ -s "$dir/$f" ] || { echo "bench: build succeeded but wrote no $f" >&2; exit 1; }
	done
	f=$(find "$dir/cmark-each" -name '*.html' -type f -size +0 | wc -l)
	[ "$f" = "$nlessons" ] ||
		{ echo "bench: cmark-gfm wrote $f HTML files for $nlessons lessons" >&2; exit 1; }
	# The site alone, in memory only: on a disk its thousands of files, deleted the next
	# round, may slow the other builds' file creation (ext4 without a journal looks past
	# recently deleted inodes) and so move the targets' figures.
	if [ "$place" = tmpfs ]; then
		rm -rf "$dir/site-out"
		site_ns+=("$(timed "$kenshu" build -C "$dir/corpus/plain" -o "$dir/site-out" -q --no-zip)")
		[ -s "$dir/site-out/index.html" ] ||
			{ echo "bench: build succeeded but wrote no site-out/index.html" >&2; exit 1; }
		rm -rf "$dir/site-out"
	fi
}

# Build one size in one place RUNS times and print its figures.
measure() {
	local place=$1 dir=${place_dir[$1]}/$nlessons key="$1 $nlessons" k s g h c e
	"$gencorpus" "$dir/corpus" "$nlessons" "$NTERMS" "$NQUIZZES" >/dev/null
	# The same course without its glossary: the core build, and what linking terms costs.
	cp -R "$dir/corpus/kenshu" "$dir/corpus/plain"
	rm "$dir/corpus/plain/content/glossary.yaml"
	lesson_markdown "$dir"
	plain_ns=() site_ns=() glossary_ns=() hugo_ns=() cmark_ns=() each_ns=() k_rss=() h_rss=()
	for ((i = 1; i <= n_runs; i++)); do round "$dir" "$place"; done
	k=$(median "${plain_ns[@]}")
	s=
	[ ${#site_ns[@]} = 0 ] || s=$(median "${site_ns[@]}")
	g=$(median "${glossary_ns[@]}")
	h=$(median "${hugo_ns[@]}")
	c=$(median "${cmark_ns[@]}")
	e=$(median "${each_ns[@]}")
	plain_med[$key]=$k glossary_med[$key]=$g hugo_med[$key]=$h cmark_med[$key]=$c
	echo "bench: $place, ${place_dir[$place]%/*} (${place_fs[$place]}):"
	echo "bench:   kenshu median $k s, ZIP included (runs: $(seconds "${plain_ns[@]}"))"
	[ -z "$s" ] ||
		echo "bench:   kenshu median $s s, the site only (--no-zip) (runs: $(seconds "${site_ns[@]}"))"
	echo "bench:   kenshu with the $NTERMS-term glossary: median $g s (runs: $(seconds "${glossary_ns[@]}"))"
	echo "bench:   hugo median $h s (runs: $(seconds "${hugo_ns[@]}"))"
	awk -v c="$c" -v e="$e" -v b="$(wc -c <"$dir/lessons.md")" -v cr="$(seconds "${cmark_ns[@]}")" \
		-v er="$(seconds "${each_ns[@]}")" 'BEGIN {
		printf "bench:   cmark-gfm over the lessons concatenated (%.1f MB): median %.3f s (runs: %s)\n", b / 1e6, c, cr
		printf "bench:   cmark-gfm one process per lesson: median %.3f s (runs: %s)\n", e, er }'
	awk -v k="$k" -v s="$s" -v g="$g" -v h="$h" -v c="$c" -v e="$e" -v th="$HUGO_RATIO" \
		-v tc="$CMARK_RATIO" -v tg="$GLOSSARY_PERCENT" 'BEGIN {
		printf "bench:   kenshu/hugo %.2f (target <= %s); kenshu/cmark-gfm %.2f concatenated (target <= %s), " \
			"%.2f per lesson\n", (h > 0 ? k / h : 0), th, (c > 0 ? k / c : 0), tc, (e > 0 ? k / e : 0)
		if (s != "")
			printf "bench:   the site only, as hugo and cmark-gfm make no archive: kenshu/hugo %.2f, " \
				"kenshu/cmark-gfm %.2f (figures, not targets)\n", (h > 0 ? s / h : 0), (c > 0 ? s / c : 0)
		printf "bench:   glossary linking adds %.0f%% build time (target < %s%%); ratio to hugo with it %.2f\n",
			(k > 0 ? (g / k - 1) * 100 : 0), tg, (h > 0 ? g / h : 0) }'
	echo "bench:   peak memory: kenshu $(mb "$(max "${k_rss[@]}")") MB, hugo $(mb "$(max "${h_rss[@]}")") MB"
	kenshu_rss+=("${k_rss[@]}")
	hugo_rss+=("${h_rss[@]}")

	# Keep the smallest and the largest size's sites (built in memory) for the search figures.
	if [ "$place" = tmpfs ] && { [ "$nlessons" = "$smallest" ] || [ "$nlessons" = "$largest" ]; }; then
		mv "$dir/kenshu-out" "$work/site-$nlessons"
	fi
	rm -rf "$dir"
}

# target LABEL FIGURE FORMAT OP LIMIT: a row of the closing table; OP is <= or <.
target() {
	summary+=("$(awk -v label="$1" -v v="$2" -v fmt="$3" -v op="$4" -v lim="$5" 'BEGIN {
		met = op == "<" ? v + 0 < lim + 0 : v + 0 <= lim + 0
		printf "%-56s %10s  %-2s %-8s %s\n", label, sprintf(fmt, v), op, sprintf(fmt, lim),
			met ? "met" : "NOT met" }')")
}

for nlessons in "${sizes[@]}"; do
	n_runs=$runs
	[ "$nlessons" = "$smallest" ] || n_runs=$((runs > 3 ? runs - 2 : 1)) # max(1, RUNS - 2)
	echo
	echo "bench: $(commas "$nlessons") lessons, $NTERMS glossary terms, $NQUIZZES tests;" \
		"$n_runs run$([ "$n_runs" = 1 ] || echo s) in each place"
	kenshu_rss=() hugo_rss=()
	for place in "${places[@]}"; do measure "$place"; done
	kenshu_kib[$nlessons]=$(max "${kenshu_rss[@]}")
	hugo_kib[$nlessons]=$(max "${hugo_rss[@]}")
done

s=$(commas "$smallest")
l=$(commas "$largest")
for place in "${places[@]}"; do
	key="$place $smallest"
	target "$s lessons, $place: kenshu / hugo" "$(ratio "${plain_med[$key]}" "${hugo_med[$key]}")" \
		%.2f "<=" "$HUGO_RATIO"
	target "$s lessons, $place: kenshu / cmark-gfm (concatenated)" \
		"$(ratio "${plain_med[$key]}" "${cmark_med[$key]}")" %.2f "<=" "$CMARK_RATIO"
	target "$s lessons, $place: glossary linking adds" \
		"$(awk -v r="$(ratio "${glossary_med[$key]}" "${plain_med[$key]}")" 'BEGIN { print (r - 1) * 100 }')" \
		%.1f%% "<" "$GLOSSARY_PERCENT"
done

echo
if [ "$smallest" != "$largest" ]; then
	lessons_x=$(ratio "$largest" "$smallest")
	growth_max=$(awk -v r="$lessons_x" -v f="$GROWTH_SLACK" 'BEGIN { print r * f }')
	for place in "${places[@]}"; do
		k0=${glossary_med[$place $smallest]} k1=${glossary_med[$place $largest]}
		awk -v from="$s" -v to="$l" -v r="$lessons_x" -v t="$growth_max" -v place="$place" \
			-v k0="$k0" -v k1="$k1" \
			-v p0="${plain_med[$place $smallest]}" -v p1="${plain_med[$place $largest]}" \
			-v h0="${hugo_med[$place $smallest]}" -v h1="${hugo_med[$place $largest]}" \
			-v c0="${cmark_med[$place $smallest]}" -v c1="${cmark_med[$place $largest]}" 'BEGIN {
			printf "bench: growth %s -> %s lessons (%.1fx the lessons), %s: kenshu %.2fx (target <= %.1fx), " \
				"without glossary %.2fx, hugo %.2fx, cmark-gfm %.2fx\n", from, to, r, place,
				(k0 > 0 ? k1 / k0 : 0), t, (p0 > 0 ? p1 / p0 : 0), (h0 > 0 ? h1 / h0 : 0),
				(c0 > 0 ? c1 / c0 : 0) }'
		target "$s -> $l lessons, $place: kenshu time grows" "$(ratio "$k1" "$k0")" %.2fx "<=" "$growth_max"
	done
fi
echo "bench: peak memory at $l lessons: kenshu $(mb "${kenshu_kib[$largest]}") MB," \
	"hugo $(mb "${hugo_kib[$largest]}") MB (target < $MEMORY_MB MB at 10,000)"
target "$l lessons: kenshu peak memory" "$(exact_mb "${kenshu_kib[$largest]}")" "%.0f MB" "<" "$MEMORY_MB"

# The bytes the first search loads, in MB, from search-bench.js's output: a line that names
# the first query (or search) and a size; failing that, the size of the whole index, which a
# search index in one file loads on the first search. Prints the figure and which it was.
first_search() {
	awk 'function mb(s,   v, u) {
		gsub(/,/, "", s); v = s + 0; u = s; sub(/^[0-9.]+ */, "", u)
		if (u ~ /^MiB/) return v * 1048576 / 1e6
		if (u ~ /^KiB/) return v * 1024 / 1e6
		if (u ~ /^[kK]B/) return v / 1e3
		if (u ~ /^(B|bytes)/) return v / 1e6
		return v
	}
	!found && tolower($0) ~ /first[ _-](query|search)/ &&
	    match($0, /[0-9][0-9,.]* *(MB|MiB|kB|KB|KiB|bytes|B)/) {
		found = mb(substr($0, RSTART, RLENGTH))
	}
	whole == "" && match($0, /search index [0-9.]+ MB/) {
		whole = substr($0, RSTART + 13, RLENGTH - 16) + 0
	}
	END {
		if (found != "") print found, "first"
		else if (whole != "") print whole, "whole"
	}' "$1"
}

# Search: query times in headless Chromium and the bytes loaded, on the smallest and the
# largest size's kenshu builds. Node, Chromium and playwright-core are what the browser
# tests use.
sh "$here/../../deps.sh" browser
if [ ! -d "$here/../browser/node_modules/playwright-core" ]; then
	(cd "$here/../browser" && npm ci --no-audit --no-fund >&2)
fi
for nlessons in $(printf '%s\n' "$smallest" "$largest" | uniq); do
	echo
	echo "bench: search, on the $(commas "$nlessons")-lesson site:"
	node "$here/search-bench.js" "$work/site-$nlessons" >"$work/search"
	cat "$work/search"
done
read -r first_mb first_kind < <(first_search "$work/search") || first_kind=none
case $first_kind in
first)
	printf 'bench: the first search at %s lessons loads %.1f MB (target <= %s MB at 10,000)\n' \
		"$l" "$first_mb" "$FIRST_SEARCH_MB"
	target "$l lessons: first search loads" "$first_mb" "%.1f MB" "<=" "$FIRST_SEARCH_MB"
	;;
whole)
	printf 'bench: the first search at %s lessons loads the whole index, %.1f MB (target <= %s MB at 10,000)\n' \
		"$l" "$first_mb" "$FIRST_SEARCH_MB"
	target "$l lessons: first search loads (the whole index)" "$first_mb" "%.1f MB" "<=" "$FIRST_SEARCH_MB"
	;;
*)
	echo "bench: search-bench.js printed no figure for the bytes of the first search" >&2
	summary+=("$(printf '%-56s %10s  %-2s %-8s %s' "$l lessons: first search loads" "?" "<=" \
		"$FIRST_SEARCH_MB MB" "not measured")")
	;;
esac

echo
echo "bench: summary"
printf '%-56s %10s  %-11s %s\n' target figure limit result
printf '%s\n' "${summary[@]}"
# the rows of the benches run before this one (tests/bench/serve.sh's), when named
if [ -n "${BENCH_TARGETS:-}" ] && [ -f "$BENCH_TARGETS" ]; then cat "$BENCH_TARGETS"; fi
