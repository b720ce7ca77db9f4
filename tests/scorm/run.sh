#!/bin/sh
# The SCORM 1.2 package (kenshu build --scorm FILE) of the browser fixture course: the
# manifest is well-formed XML (xmllint) in the SCORM 1.2 namespaces, lists exactly the files
# in the package, one SCO per test (not the survey) with the test's pass mark as its mastery
# score; two builds give the same bytes; a failed build leaves the previous package as it
# was. Usage: sh tests/scorm/run.sh KENSHU (needs unzip and xmllint: `sh deps.sh test`).
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../browser/fixture
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0

ok() {
	pass=$((pass + 1))
}
bad() {
	echo "FAIL scorm: $*" >&2
	fail=$((fail + 1))
}

# xpath EXPR: the values EXPR selects in the manifest, one a line.
xpath() {
	xmllint --xpath "$1" "$tmp/imsmanifest.xml" 2>/dev/null |
		sed 's/^ *[a-z]*="\([^"]*\)"$/\1/' | sed '/^$/d'
}

for n in 1 2; do
	if ! "$kenshu" build -C "$fixture" -o "$tmp/public$n" --zip "$tmp/site$n.zip" \
		--scorm "$tmp/scorm$n.zip" -q 2>"$tmp/err"; then
		cat "$tmp/err" >&2
		echo "FAIL scorm: the fixture course did not build" >&2
		exit 1
	fi
done

if cmp -s "$tmp/scorm1.zip" "$tmp/scorm2.zip"; then ok; else bad "two builds give different packages"; fi

unzip -p "$tmp/scorm1.zip" imsmanifest.xml >"$tmp/imsmanifest.xml" || bad "no imsmanifest.xml at the root"
if xmllint --noout "$tmp/imsmanifest.xml"; then ok; else bad "imsmanifest.xml is not well-formed"; fi

cp=http://www.imsproject.org/xsd/imscp_rootv1p1p2
adl=http://www.adlnet.org/xsd/adlcp_rootv1p2
ns="/*[local-name()='manifest' and namespace-uri()='$cp']"
if [ "$(xpath "count($ns)")" = 1 ] && [ "$(xpath "string($ns/*/*[local-name()='schemaversion'])")" = 1.2 ]; then
	ok
else
	bad "the root is not an IMS CP 1.1.2 manifest of SCORM 1.2"
fi

# Every file of the package, the manifest itself aside (it describes the package), is listed
# once as a <file href>, and every listed file is in the package.
unzip -Z1 "$tmp/scorm1.zip" | grep -v '/$' | grep -vx imsmanifest.xml | LC_ALL=C sort >"$tmp/in-zip"
xpath "//*[local-name()='file']/@href" | LC_ALL=C sort >"$tmp/listed"
if [ -s "$tmp/in-zip" ] && diff "$tmp/in-zip" "$tmp/listed" >"$tmp/diff"; then
	ok
else
	bad "the files listed differ from the files in the package (< only in the ZIP, > only listed):"
	cat "$tmp/diff" >&2
fi
# The same site as the plain ZIP, at the root instead of in a top folder.
unzip -Z1 "$tmp/site1.zip" | grep -v '/$' | sed 's,^[^/]*/,,' |
	grep -v -e '^README.txt$' -e '^.*\.txt$' | LC_ALL=C sort >"$tmp/site-files"
if diff "$tmp/site-files" "$tmp/in-zip" >/dev/null; then ok; else bad "the package does not hold the same site files as the ZIP"; fi

# One SCO per test, launched at its quiz page, mastery score = the pass mark the page uses.
tests=$(grep -L '^kind: *survey' "$fixture"/quizzes/*.yaml | wc -l)
items=$(xpath "count(//*[local-name()='item'])")
scos=$(xpath "count(//*[local-name()='resource'][@*[local-name()='scormtype' and namespace-uri()='$adl']='sco'])")
if [ "$items" = "$tests" ] && [ "$scos" = "$tests" ]; then ok; else bad "$items items and $scos SCOs for $tests tests"; fi
for item in $(xpath "//*[local-name()='item']/@identifier"); do
	sel="//*[local-name()='item'][@identifier='$item']"
	res=$(xpath "string($sel/@identifierref)")
	href=$(xpath "string(//*[local-name()='resource'][@identifier='$res']/@href)")
	mastery=$(xpath "string($sel/*[local-name()='masteryscore' and namespace-uri()='$adl'])")
	quiz=$(xpath "string($sel/@parameters)" | sed 's/^?sco=//')
	page_pass=$(unzip -p "$tmp/scorm1.zip" "$href" | grep -o '"pass":[0-9]*' | head -n 1 | cut -d: -f2)
	yaml_pass=$(sed -n 's/^pass: *\([0-9]*\).*/\1/p' "$fixture/quizzes/$quiz.yaml")
	if [ -n "$mastery" ] && [ "$mastery" = "$page_pass" ] && [ "${yaml_pass:-$mastery}" = "$mastery" ]; then
		ok
	else
		bad "$item ($href): masteryscore '$mastery', the page's pass mark '$page_pass', quizzes/$quiz.yaml '$yaml_pass'"
	fi
done

# A failed build writes nothing: the previous package stays as it was.
cp -R "$fixture" "$tmp/broken"
printf 'title: [unclosed\n' >"$tmp/broken/quizzes/basics.yaml"
cp "$tmp/scorm1.zip" "$tmp/previous.zip"
if "$kenshu" build -C "$tmp/broken" -o "$tmp/public1" --zip "$tmp/site1.zip" --scorm "$tmp/scorm1.zip" \
	-q 2>/dev/null; then
	bad "a broken course built"
elif cmp -s "$tmp/scorm1.zip" "$tmp/previous.zip" && [ -z "$(find "$tmp" -maxdepth 1 -name 'scorm1.zip.*')" ]; then
	ok
else
	bad "a failed build changed the package or left a temporary file"
fi

echo "scorm: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
