#!/bin/sh
# Expected-output site tests: each tests/sites/<case>/input is a course; its built site must
# equal tests/sites/<case>/expected file for file, theme assets left out (they are the
# theme's own files, copied as they are). With --regen the expected trees are
# replaced by the new output (review the diff before committing). Each case's ZIP is also
# checked: byte-identical when rebuilt, stamped with SOURCE_DATE_EPOCH, and holding exactly
# the site under one top folder plus the two read-me notes.
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
regen=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $name: $*"
}

for case in "$here"/*/; do
	name=$(basename "$case")
	out="$tmp/$name"
	mkdir -p "$out"
	if ! "$kenshu" build -C "$case/input" -o "$out/public" --zip "$out/a.zip" -q 2>"$out/err"; then
		bad "build failed"
		cat "$out/err"
		continue
	fi
	if [ "$regen" = --regen ]; then
		rm -rf "$case/expected"
		cp -R "$out/public" "$case/expected"
		rm -rf "$case/expected/assets"
		echo "regenerated $name"
		continue
	fi
	if diff -r -x assets "$case/expected" "$out/public" >"$out/diff"; then ok; else
		bad "output differs from expected (make regen accepts a deliberate change)"
		head -40 "$out/diff"
	fi

	# Every image, player source and attachment a page uses is in the site (the comparison
	# above leaves assets/ out), under its ASCII name.
	missing=$(grep -oh 'assets/media/[^"#]*' "$out/public"/*.html | sort -u | while read -r f; do
		[ -f "$out/public/$f" ] && LC_ALL=C expr "$f" : '[a-z0-9./-]*$' >/dev/null || echo "$f"
	done)
	if [ -z "$missing" ]; then ok; else bad "media missing from the site or not ASCII: $missing"; fi

	# The same sources give the same ZIP, whenever they are built.
	sleep 1
	"$kenshu" build -C "$case/input" -o "$out/public2" --zip "$out/b.zip" -q
	if cmp -s "$out/a.zip" "$out/b.zip"; then ok; else bad "two builds gave different ZIPs"; fi

	# SOURCE_DATE_EPOCH stamps every entry (2026-04-01 09:30 UTC).
	SOURCE_DATE_EPOCH=1775035800 "$kenshu" build -C "$case/input" -o "$out/public3" \
		--zip "$out/c.zip" -q
	dates=$(unzip -Z -T "$out/c.zip" | awk '/^[-d]/ { print $(NF-1) }' | sort -u)
	if [ "$dates" = "20260401.093000" ]; then ok; else bad "ZIP entry dates: $dates"; fi

	# One top folder named after the site id, the site, and the notes.
	mkdir "$out/x"
	(cd "$out/x" && unzip -q "$out/a.zip")
	id=$(sed -n 's/^id: *//p' "$case/input/site.yaml")
	if [ "$(ls "$out/x")" = "$id" ]; then ok; else bad "top folder is '$(ls "$out/x")'"; fi
	if [ -s "$out/x/$id/README.txt" ] && [ -s "$out/x/$id/はじめにお読みください.txt" ]; then ok; else
		bad "read-me notes missing"
	fi
	rm -f "$out/x/$id/README.txt" "$out/x/$id/はじめにお読みください.txt"
	if diff -r -x .kenshu "$out/public" "$out/x/$id" >/dev/null; then ok; else bad "ZIP differs from the site"; fi
done

# Pages render on several threads: one thread and many give the same site, ZIP, SCORM package
# and diagnostics, byte for byte (the example course too: glossary, documents, tests).
for course in "$here"/*/input "$here/../.."; do
	name="threads $(basename "$(dirname "$course")")/$(basename "$course")"
	for j in 1 8; do
		SOURCE_DATE_EPOCH=1700000000 "$kenshu" build -C "$course" -j $j -o "$tmp/j$j/public" \
			--zip "$tmp/j$j/a.zip" --scorm "$tmp/j$j/scorm.zip" -q 2>"$tmp/j$j.err" || true
	done
	if diff -r "$tmp/j1/public" "$tmp/j8/public" >/dev/null && cmp -s "$tmp/j1/a.zip" "$tmp/j8/a.zip" &&
	    cmp -s "$tmp/j1/scorm.zip" "$tmp/j8/scorm.zip" && cmp -s "$tmp/j1.err" "$tmp/j8.err" &&
	    [ -s "$tmp/j1/a.zip" ]; then ok; else bad "-j 1 and -j 8 differ"; fi
	rm -rf "$tmp/j1" "$tmp/j8"
done

# check writes nothing.
before=$(ls -a "$here/en-minimal/input")
"$kenshu" check -C "$here/en-minimal/input" -q
name=check
if [ "$before" = "$(ls -a "$here/en-minimal/input")" ]; then ok; else bad "check wrote files"; fi

echo "site output: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
