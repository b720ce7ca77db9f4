#!/bin/sh
# Bench for "kenshu serve" (tests/bench/serve-bench.js): the records the records server
# accepts per second from 40 clients over loopback, its database on a disk (BENCH_DISK,
# default /var/tmp: a record is acknowledged once fsync'ed), and, on a copy of the example
# course, the time from saving a lesson to the preview's page showing the edit (median of
# RUNS). Prints the figures, and appends the rows of their targets to TARGETS for the closing
# table of tests/bench/run.sh. Usage: sh tests/bench/serve.sh KENSHU TARGETS [RUNS]
set -eu
kenshu=$1
targets=$2
runs=${3:-5}
RECORDS=3000
RECORDS_PER_S=500  # records accepted per second, at least
RELOAD_MS=300      # saving a lesson to the reloaded page, under
case $kenshu in
/*) ;;
*) kenshu=$(pwd)/$kenshu ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
disk=$(mktemp -d "${BENCH_DISK:-/var/tmp}/kenshu-bench-serve.XXXXXX")
trap 'rm -rf "$tmp" "$disk"' EXIT
sh "$root/deps.sh" browser
here=$root/tests/browser
. "$root/tests/browser/npm.sh"
here=$(cd "$(dirname "$0")" && pwd)
cp -R "$root/site.yaml" "$root/content" "$root/quizzes" "$tmp/"
node "$here/serve-bench.js" "$kenshu" "$tmp" "$disk" "$RECORDS" "$runs" >"$tmp/figures"
figure() { sed -n "s/^$1=//p" "$tmp/figures"; }
rps=$(figure records_per_second)
printf 'bench: kenshu serve --records: %d records from 40 clients in %s s: %s records per second (%s, fsync per record)\n' \
	"$RECORDS" "$(figure records_seconds)" "$rps" "$(stat -f -c %T "$disk")"
printf 'bench: kenshu serve: a lesson of the example course saved to the page reloaded: %s ms (median of %d, %s to %s ms)\n' \
	"$(figure reload_ms_median)" "$runs" "$(figure reload_ms_min)" "$(figure reload_ms_max)"
# the rows as run.sh's target() writes them
awk -v v="$rps" -v lim="$RECORDS_PER_S" 'BEGIN { printf "%-56s %10s  %-2s %-8s %s\n",
	"kenshu serve --records: records accepted per second", v, ">=", lim, (v + 0 >= lim + 0 ? "met" : "NOT met") }' >>"$targets"
awk -v v="$(figure reload_ms_median)" -v lim="$RELOAD_MS" 'BEGIN { printf "%-56s %10s  %-2s %-8s %s\n",
	"kenshu serve: saving a lesson to the reloaded page", v " ms", "<", lim " ms", (v + 0 < lim + 0 ? "met" : "NOT met") }' >>"$targets"
