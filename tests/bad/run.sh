#!/bin/sh
# Bad-input cases: each case overlays files on a valid base course that has been built
# once, builds again and expects the exact diagnostics, the exit status, and the previous
# site and ZIP left exactly as they were.
#
# A case folder holds: files/ (copied over the base course), optionally remove (paths to
# delete, one a line), args (extra arguments to "kenshu build"), or command (a whole other
# kenshu command line instead of "build -q ARGS", such as "new content"), status (expected
# exit status, default 1) and expected (the exact standard error). A build is run again
# with -j 1 and -j 8 (unless its args set -j), and must report the same.
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

snapshot() {
	(cd "$1" && find public dist -type f -exec cksum {} + | sort)
}

for case in "$here"/cases/*/; do
	name=$(basename "$case")
	work="$tmp/$name"
	mkdir -p "$work"
	cp -R "$here/base" "$work/proj"
	if ! (cd "$work/proj" && "$kenshu" build -q) 2>"$work/base.err"; then
		echo "FAIL $name: the base course did not build:"
		cat "$work/base.err"
		fail=$((fail + 1))
		continue
	fi
	before=$(snapshot "$work/proj")
	[ -d "$case/files" ] && cp -R "$case/files/." "$work/proj/"
	if [ -f "$case/remove" ]; then
		while IFS= read -r f; do rm -rf "${work:?}/proj/$f"; done <"$case/remove"
	fi
	args="build -q"
	[ -f "$case/args" ] && args="build -q $(cat "$case/args")"
	[ -f "$case/command" ] && args=$(cat "$case/command")
	want_status=1
	[ -f "$case/status" ] && want_status=$(cat "$case/status")
	status=0
	# shellcheck disable=SC2086
	(cd "$work/proj" && "$kenshu" $args) 2>"$work/err" || status=$?
	problems=""
	[ "$status" = "$want_status" ] || problems="$problems exit status $status, expected $want_status;"
	if ! diff -u "$case/expected" "$work/err" >"$work/diff"; then
		problems="$problems diagnostics differ;"
	fi
	# The reports come in the same order however many threads read and render.
	if [ ! -f "$case/command" ] && ! grep -q -- '-j' "$case/args" 2>/dev/null; then
		for jobs in 1 8; do
			# shellcheck disable=SC2086
			(cd "$work/proj" && "$kenshu" $args -j $jobs) 2>"$work/err-j$jobs" || true
			cmp -s "$work/err" "$work/err-j$jobs" ||
				problems="$problems diagnostics differ with -j $jobs;"
		done
	fi
	after=$(snapshot "$work/proj")
	[ "$before" = "$after" ] || problems="$problems the previous site or ZIP changed;"
	leftovers=$(find "$work/proj" -name '.*kenshu-*' -o -name '*.tmp-*' | head -1)
	[ -z "$leftovers" ] || problems="$problems left $leftovers behind;"
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name:$problems"
		cat "$work/diff"
	fi
done
echo "bad input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
