#!/bin/sh
# "kenshu new": the course it writes, in Japanese and in English, builds with no warning
# under --strict; it prints the commands to run next; the site id comes from the folder's
# name; its schemas/ is the repository's, and the build leaves it out of the site
# (tests/schemas checks the YAML files against it); an empty folder is fine, a non-empty one
# (a hidden file is enough) is refused with exit status 3 and left as it was; an unknown
# language is a usage error (2).
# Usage: sh tests/new/run.sh KENSHU
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

check() {
	if [ "$2" = ok ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $1"
	fi
}
result() { if "$@"; then echo ok; else echo no; fi; }

for lang in ja en; do
	dir=$tmp/Acme_Training-$lang
	status=0
	"$kenshu" new "$dir" --lang "$lang" >"$tmp/out" 2>"$tmp/err" || status=$?
	check "$lang: exit status $status, stderr: $(cat "$tmp/err")" "$(result test "$status" = 0 -a ! -s "$tmp/err")"
	check "$lang: the next commands are not printed" "$(result grep -q "cd $dir" "$tmp/out")"
	check "$lang: lang is not $lang" "$(result grep -q "^lang: $lang\$" "$dir/site.yaml")"
	check "$lang: the id does not come from the folder's name" \
		"$(result grep -q "^id: acme-training-$lang " "$dir/site.yaml")"
	for f in content/index.md content/glossary.yaml content/forms/session-record.yaml \
		content/documents/01-policy.md quizzes/basics.yaml quizzes/self-check.yaml; do
		check "$lang: no $f" "$(result test -f "$dir/$f")"
	done
	check "$lang: not two lessons" "$(result test "$(ls "$dir"/content/lessons/*/[0-9]*.md | wc -l)" = 2)"
	check "$lang: schemas/ is not the repository's" "$(result diff -r "$root/schemas" "$dir/schemas")"
	status=0
	(cd "$dir" && "$kenshu" build --strict) >"$tmp/build.out" 2>"$tmp/build.err" || status=$?
	check "$lang: build --strict: exit status $status, stderr: $(cat "$tmp/build.err")" \
		"$(result test "$status" = 0 -a ! -s "$tmp/build.err")"
	check "$lang: no site built" "$(result test -f "$dir/public/glossary.html" -a -f "$dir/public/records.html")"
	check "$lang: a schema in the site" "$(result test -z "$(find "$dir/public" -name '*schema*')")"
done

# A second time into the same folder: refused, and nothing in it changed.
before=$(cd "$tmp/Acme_Training-ja" && find . -type f -exec cksum {} + | sort)
status=0
"$kenshu" new "$tmp/Acme_Training-ja" >/dev/null 2>"$tmp/err" || status=$?
check "non-empty folder: exit status $status" "$(result test "$status" = 3)"
check "non-empty folder: $(cat "$tmp/err")" "$(result grep -q "refusing to write a new course here: the folder is not empty" "$tmp/err")"
after=$(cd "$tmp/Acme_Training-ja" && find . -type f -exec cksum {} + | sort)
check "non-empty folder: its files changed" "$(result test "$before" = "$after")"

mkdir "$tmp/hidden" "$tmp/empty"
: >"$tmp/hidden/.git"
status=0
"$kenshu" new "$tmp/hidden" >/dev/null 2>&1 || status=$?
check "a folder holding only .git: exit status $status" "$(result test "$status" = 3 -a ! -e "$tmp/hidden/site.yaml")"
status=0
"$kenshu" new "$tmp/empty" >/dev/null 2>&1 || status=$?
check "an empty folder: exit status $status" "$(result test "$status" = 0 -a -f "$tmp/empty/site.yaml")"
status=0
"$kenshu" new "$tmp/My-Course/" >/dev/null 2>&1 || status=$?
check "a folder named with a '/' after it: exit status $status, or the id is not from its name" \
	"$(result test "$status" = 0 -a -n "$(grep '^id: my-course ' "$tmp/My-Course/site.yaml")")"
status=0
"$kenshu" new "$tmp/fr" --lang fr >/dev/null 2>&1 || status=$?
check "--lang fr: exit status $status" "$(result test "$status" = 2 -a ! -e "$tmp/fr")"

echo "kenshu new: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
