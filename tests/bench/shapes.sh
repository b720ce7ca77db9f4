#!/bin/sh
# Times kenshu on each pathological shape of tests/hostile/genshapes.c at the 8 MiB limit:
# the median of RUNS builds of each, with the source's size, so that a stage that turns
# quadratic again shows as minutes here. The shapes cmark-gfm would take quadratic time over
# are refused before parsing; their time is that of the refusal. Target: every shape in
# seconds (a figure, not a failure).
#
#     shapes.sh KENSHU GENSHAPES [RUNS=3]
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
genshapes=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
runs=${3:-3}
here=$(cd "$(dirname "$0")" && pwd)
base=${TMPDIR:-/tmp}
[ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
work=$(mktemp -d "$base/kenshu-shapes.XXXXXX")
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
echo "shapes: the median of $runs builds of each shape at 8 MiB (genshapes.c)"
for shape in links images terms headings anchors definitions english nested brackets quotes lists table; do
	rm -rf "$work/proj"
	cp -R "$here/../bad/base" "$work/proj"
	"$genshapes" "$shape" "$work/proj"
	size=$(cat "$work/proj/content/lessons/01-basics/09-shape.md" "$work/proj/content/glossary.yaml" 2>/dev/null | wc -c)
	times=""
	i=0
	while [ $i -lt "$runs" ]; do
		start=$(now)
		status=0
		(cd "$work/proj" && "$kenshu" build -q --no-zip -o "$work/out") 2>/dev/null || status=$?
		end=$(now)
		times="$times $(echo "$end - $start" | bc)"
		i=$((i + 1))
	done
	median=$(printf '%s\n' $times | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }')
	printf '  %-12s %5.1f MB  %6.2f s  exit %s\n' "$shape" "$(echo "$size / 1000000" | bc -l)" "$median" "$status"
done
