#!/bin/sh
# The JSON Schemas of schemas/ (validate.js, with ajv and yaml from npm): the example course's
# YAML files and front matter are valid against them, and so are those of the course "kenshu
# new" writes in Japanese and in English, each YAML file naming its schema on its first line
# by a path that leads to it; with a key misspelt, no file is valid. On the cases in
# tests/schemas/cases the schemas and "kenshu check" agree: the one file of each case under
# good/ passes both, the one of each case under bad/ fails both (an error of kenshu's in it; no
# other file invalid), in a small course (tests/schemas/base) around it.
# Usage: sh tests/schemas/run.sh KENSHU
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

# ajv and yaml come with the browser tests' packages.
(here=$root/tests/browser && . "$here/npm.sh")

if node "$here/validate.js" --modelines --misspell "$root" >"$tmp/out" 2>&1; then ok; else
	bad "the example course:"
	cat "$tmp/out"
fi

for lang in ja en; do
	"$kenshu" new "$tmp/new-$lang" --lang "$lang" >/dev/null
	if node "$here/validate.js" --modelines --misspell "$tmp/new-$lang" >"$tmp/out" 2>&1; then ok; else
		bad "kenshu new --lang $lang:"
		cat "$tmp/out"
	fi
done

for case in "$here"/cases/good/*/ "$here"/cases/bad/*/; do
	want=$(basename "$(dirname "$case")")
	name="$want/$(basename "$case")"
	file=$(cd "$case" && find . -type f | sed 's|^\./||')
	if [ "$(printf '%s\n' "$file" | wc -l)" != 1 ] || [ -z "$file" ]; then
		bad "$name: a case is one file, not: $file"
		continue
	fi
	proj="$tmp/case"
	rm -rf "$proj"
	cp -R "$here/base" "$proj"
	cp -R "$case/." "$proj/"
	status=0
	(cd "$proj" && "$kenshu" check) >/dev/null 2>"$tmp/err" || status=$?
	valid=0
	node "$here/validate.js" "$proj" >"$tmp/out" 2>&1 || valid=$?
	if [ "$want" = good ]; then
		if [ "$status" = 0 ]; then ok; else
			bad "$name: kenshu check: exit status $status:"
			cat "$tmp/err"
		fi
		if [ "$valid" = 0 ]; then ok; else
			bad "$name: not valid against the schemas:"
			cat "$tmp/out"
		fi
		continue
	fi
	if [ "$status" = 1 ] && grep -q "^$file:.* error: " "$tmp/err"; then ok; else
		bad "$name: kenshu check: exit status $status, no error in $file:"
		cat "$tmp/err"
	fi
	if [ "$valid" = 1 ] && ! grep -qv "^$file: " "$tmp/out"; then ok; else
		bad "$name: valid against the schemas, or not $file alone (status $valid):"
		cat "$tmp/out"
	fi
done

echo "schemas: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
