#!/bin/sh
# "kenshu records merge" on the cases in tests/records/cases: each folder holds the input
# files, args (the arguments after "records merge"), status (the exit status expected) and
# expected (stderr, exactly); expected-roster.csv, when there, is compared byte for byte with
# the roster written, and every line of expected-report must appear in the HTML report.
# Usage: sh tests/records/run.sh KENSHU
set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/records/run.sh KENSHU" >&2
	exit 2
fi
kenshu=$1
case $kenshu in
/*) ;;
*) kenshu=$(pwd)/$kenshu ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
n=0
check() {
	echo "records: $1: $2" >&2
	fail=$((fail + 1))
}

for dir in "$here"/cases/*/; do
	name=$(basename "$dir")
	n=$((n + 1))
	work=$tmp/$name
	cp -R "$dir" "$work"
	# shellcheck disable=SC2046
	(cd "$work" && "$kenshu" records merge $(cat args) 2>stderr.out)
	status=$?
	want=$(cat "$work/status")
	[ "$status" -eq "$want" ] || check "$name" "exit status $status, expected $want"
	if ! cmp -s "$work/stderr.out" "$work/expected"; then
		check "$name" "diagnostics differ:"
		diff "$work/expected" "$work/stderr.out" >&2
	fi
	if [ -f "$work/expected-roster.csv" ] && ! cmp -s "$work/roster.csv" "$work/expected-roster.csv"; then
		check "$name" "roster.csv differs:"
		diff "$work/expected-roster.csv" "$work/roster.csv" >&2
	fi
	if [ -f "$work/expected-report" ]; then
		while IFS= read -r line; do
			grep -qF -- "$line" "$work/report.html" || check "$name" "report.html lacks: $line"
		done <"$work/expected-report"
	fi
done

# Usage and I/O errors.
n=$((n + 2))
"$kenshu" records merge 2>/dev/null
[ $? -eq 2 ] || check usage "no files should give exit status 2"
(cd "$tmp" && "$kenshu" records merge missing.csv 2>stderr.out)
status=$?
[ "$status" -eq 3 ] || check io "a missing file should give exit status 3, not $status"
grep -q '^missing.csv: error: cannot read: ' "$tmp/stderr.out" || check io "no 'cannot read' diagnostic"

if [ "$fail" -ne 0 ]; then
	echo "records: $fail of $n checks failed" >&2
	exit 1
fi
echo "records: $n cases passed"
