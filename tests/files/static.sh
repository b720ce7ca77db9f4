#!/bin/sh
# static/: its files (web.config, robots.txt, a binary favicon, hidden and nested ones) are in
# the site's root, the ZIP and the SCORM package as they are; a rebuild keeps every one of
# them (an unchanged one as the same file, a hard link) and takes an edited one; a build that
# fails leaves them as they were; "kenshu check" reports a collision too.
#
# Usage: static.sh KENSHU
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL static: $*"
}

proj="$tmp/proj"
cp -R "$here/../sites/static/input" "$proj"
build() { (cd "$proj" && "$kenshu" build -q --scorm "$tmp/scorm.zip" "$@"); }
# Each file of static/ against the site at $1: the same bytes.
same_as_static() {
	(cd "$proj/static" && find . -type f) | while IFS= read -r f; do
		cmp -s "$proj/static/$f" "$1/$f" || echo "$f"
	done
}

build
differ=$(same_as_static "$proj/public")
if [ -z "$differ" ]; then ok; else bad "not in the site as they are: $differ"; fi
mkdir "$tmp/zip" "$tmp/scorm"
(cd "$tmp/zip" && unzip -q "$proj"/dist/static.zip)
(cd "$tmp/scorm" && unzip -q "$tmp/scorm.zip")
differ=$(same_as_static "$tmp/zip/static")
if [ -z "$differ" ]; then ok; else bad "not in the ZIP as they are: $differ"; fi
differ=$(same_as_static "$tmp/scorm")
if [ -z "$differ" ]; then ok; else bad "not in the SCORM package as they are: $differ"; fi
if grep -q 'href="web.config"' "$tmp/scorm/imsmanifest.xml"; then ok; else bad "the SCORM manifest does not list web.config"; fi

inode=$(stat -c %i "$proj/public/web.config")
printf 'User-agent: *\nDisallow: /private/\n' >"$proj/static/robots.txt"
build
differ=$(same_as_static "$proj/public")
if [ -z "$differ" ]; then ok; else bad "a rebuild lost or kept old static files: $differ"; fi
if [ "$(stat -c %i "$proj/public/web.config")" = "$inode" ]; then ok; else bad "an unchanged static file was written again"; fi

# A failed build leaves the site and its static files as they were.
before=$(cd "$proj/public" && find . -type f -exec cksum {} + | sort)
printf 'x\n' >"$proj/static/index.html"
status=0
build 2>"$tmp/err" || status=$?
if [ "$status" = 1 ] && grep -q "^static/index.html: error: would replace index.html, the page of content/index.md" "$tmp/err"; then ok; else
	bad "a static index.html: exit status $status, $(cat "$tmp/err")"
fi
if [ "$before" = "$(cd "$proj/public" && find . -type f -exec cksum {} + | sort)" ]; then ok; else bad "a failed build changed the site"; fi
status=0
(cd "$proj" && "$kenshu" check) 2>"$tmp/err" || status=$?
if [ "$status" = 1 ] && grep -q "^static/index.html: error: would replace" "$tmp/err"; then ok; else
	bad "kenshu check does not report a static index.html"
fi

echo "static: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
