#!/bin/sh
# The SCORM packages (kenshu build --scorm FILE [--scorm-version 1.2|2004]) of the browser
# fixture course and of the example course, in both versions:
# - the organization is the course as the built site orders it: the home page, then each
#   module of the home page's module list as an item holding the lessons its module page
#   lists and, after them, the quizzes a lesson of it is the first to offer (its "test"
#   link), then the other quizzes, every quiz in the quiz index page's order; every leaf is
#   an SCO launched at its page, so every lesson is an item;
# - the manifest is well-formed XML (xmllint) in the version's namespaces and schema
#   version, lists exactly the files in the package, the same files as the site's ZIP, each
#   SCO's resource its own page and the shared asset the rest;
# - a test's pass mark is its mastery: adlcp:masteryscore (1.2), the primary objective's
#   minNormalizedMeasure, satisfied by measure (2004);
# - read as Moodle's mod/scorm/datamodels/scormlib.php reads it: element and attribute names
#   by their literal prefixes (adlcp:, imsss:), a schema version it knows, no '&' that its
#   pre-pass would turn into "&amp;", so no numeric character reference;
# - two builds give the same bytes; a failed build leaves the previous package as it was;
#   --scorm-version is refused (a usage error) without --scorm or with another version.
# Usage: sh tests/scorm/run.sh KENSHU (needs unzip and xmllint: `sh deps.sh test`).
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
fixture=$here/../browser/fixture
example=$(cd "$here/../.." && pwd)
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

# xpath EXPR: the values EXPR selects in the manifest being checked, one a line.
xpath() {
	xmllint --xpath "$1" "$manifest" 2>/dev/null |
		sed 's/^ *[a-zA-Z]*="\([^"]*\)"$/\1/' | sed '/^$/d'
}
# html FILE EXPR: likewise in a page of the built site.
html() {
	xmllint --html --xpath "$2" "$site/$1" 2>/dev/null |
		sed 's/^ *[a-zA-Z]*="\([^"]*\)"$/\1/' | sed '/^$/d'
}

# expected_order: the course's order as the built site shows it, one line per item, "DEPTH
# PAGE" for a page and "DEPTH module TITLE" for a module: the home page, each module of the
# home page's list with the lessons its page lists, and the quizzes of the quiz index, each
# after the lessons of the module whose lesson is the first to link it, or else at the end.
expected_order() {
	echo "0 index.html"
	html index.html "//section[@class='module-list']//h3/a/@href" >"$tmp/modules"
	: >"$tmp/placed"
	while IFS= read -r module; do
		html "$module" "//ol[@class='lesson-list']/li/a/@href" >"$tmp/lessons"
		for lesson in $(cat "$tmp/lessons"); do
			html "$lesson" "//a[@class='lesson-quiz-link']/@href" | while IFS= read -r quiz; do
				if ! cut -d' ' -f1 "$tmp/placed" | grep -qxF "$quiz"; then
					echo "$quiz $module" >>"$tmp/placed"
				fi
			done
		done
	done <"$tmp/modules"
	cut -d' ' -f1 "$tmp/placed" >"$tmp/placed-pages"
	while IFS= read -r module; do
		echo "0 module $(html "$module" "string(//article[@class='module']/h1)")"
		html "$module" "//ol[@class='lesson-list']/li/a/@href" | sed 's/^/1 /'
		html quizzes.html "//ul[contains(@class,'quiz-list')]//h2/a/@href" | while IFS= read -r quiz; do
			if grep -qxF "$quiz $module" "$tmp/placed"; then echo "1 $quiz"; fi
		done
	done <"$tmp/modules"
	html quizzes.html "//ul[contains(@class,'quiz-list')]//h2/a/@href" | while IFS= read -r quiz; do
		if ! grep -qxF "$quiz" "$tmp/placed-pages"; then echo "0 $quiz"; fi
	done
}

# manifest_order: the organization's items in document order in the same form: an item with
# a resource as its resource's page, one without as "module TITLE".
manifest_order() {
	org="//*[local-name()='organization']"
	n=$(xpath "count($org//*[local-name()='item'])")
	i=1
	while [ "$i" -le "$n" ]; do
		item="($org//*[local-name()='item'])[$i]"
		depth=$(xpath "count($item/ancestor::*[local-name()='item'])")
		ref=$(xpath "string($item/@identifierref)")
		if [ -n "$ref" ]; then
			echo "$depth $(xpath "string(//*[local-name()='resource'][@identifier='$ref']/@href)")"
		else
			echo "$depth module $(xpath "string($item/*[local-name()='title'])")"
		fi
		i=$((i + 1))
	done
}

# check_package NAME COURSE VERSION: build COURSE twice with the package in VERSION and check it.
check_package() {
	name=$1
	course=$2
	version=$3
	dir=$tmp/$name-$version
	mkdir -p "$dir"
	for n in 1 2; do
		if ! "$kenshu" build -C "$course" -o "$dir/public$n" --zip "$dir/site$n.zip" \
			--scorm "$dir/scorm$n.zip" --scorm-version "$version" -q 2>"$tmp/err"; then
			cat "$tmp/err" >&2
			bad "$name $version: the course did not build"
			return
		fi
	done
	site=$dir/public1
	manifest=$dir/imsmanifest.xml

	if cmp -s "$dir/scorm1.zip" "$dir/scorm2.zip"; then ok; else bad "$name $version: two builds give different packages"; fi

	unzip -p "$dir/scorm1.zip" imsmanifest.xml >"$manifest" || bad "$name $version: no imsmanifest.xml at the root"
	if xmllint --noout "$manifest"; then ok; else bad "$name $version: imsmanifest.xml is not well-formed"; fi

	if [ "$version" = 1.2 ]; then
		cp=http://www.imsproject.org/xsd/imscp_rootv1p1p2
		adl=http://www.adlnet.org/xsd/adlcp_rootv1p2
		scormtype=scormtype
		schemaversion=1.2
	else
		cp=http://www.imsglobal.org/xsd/imscp_v1p1
		adl=http://www.adlnet.org/xsd/adlcp_v1p3
		scormtype=scormType
		schemaversion='2004 4th Edition'
	fi
	ns="/*[local-name()='manifest' and namespace-uri()='$cp']"
	if [ "$(xpath "count($ns)")" = 1 ] &&
		[ "$(xpath "string($ns/*[local-name()='metadata']/*[local-name()='schemaversion'])")" = "$schemaversion" ]; then
		ok
	else
		bad "$name $version: the root is not a manifest of SCORM $version"
	fi

	# Every file of the package, the manifest itself aside (it describes the package), is
	# listed once as a <file href>, and every listed file is in the package.
	unzip -Z1 "$dir/scorm1.zip" | grep -v '/$' | grep -vx imsmanifest.xml | LC_ALL=C sort >"$tmp/in-zip"
	xpath "//*[local-name()='file']/@href" | LC_ALL=C sort >"$tmp/listed"
	if [ -s "$tmp/in-zip" ] && diff "$tmp/in-zip" "$tmp/listed" >"$tmp/diff"; then
		ok
	else
		bad "$name $version: the files listed differ from the files in the package (< only in the ZIP, > only listed):"
		cat "$tmp/diff" >&2
	fi
	# The same site as the plain ZIP, at the root instead of in a top folder.
	unzip -Z1 "$dir/site1.zip" | grep -v '/$' | sed 's,^[^/]*/,,' |
		grep -v -e '^README.txt$' -e '^.*\.txt$' | LC_ALL=C sort >"$tmp/site-files"
	if diff "$tmp/site-files" "$tmp/in-zip" >/dev/null; then ok; else bad "$name $version: the package does not hold the same site files as the ZIP"; fi

	# The organization in the course's order, as the site shows it.
	expected_order >"$tmp/expected"
	manifest_order >"$tmp/got"
	if [ "$(grep -c ' quiz-' "$tmp/expected")" -gt 0 ] && diff "$tmp/expected" "$tmp/got" >"$tmp/diff"; then
		ok
	else
		bad "$name $version: the organization is not in the course's order (< the site's, > the manifest's):"
		cat "$tmp/diff" >&2
	fi

	# Every item with a resource is an SCO whose resource lists its page and depends on the
	# asset resource, which lists every other file.
	sco="@*[local-name()='$scormtype' and namespace-uri()='$adl']"
	asset=$(xpath "string(//*[local-name()='resource'][$sco='asset']/@identifier)")
	for ref in $(xpath "//*[local-name()='item']/@identifierref"); do
		res="//*[local-name()='resource'][@identifier='$ref']"
		if [ "$(xpath "string($res/$sco)")" = sco ] &&
			[ "$(xpath "string($res/@href)")" = "$(xpath "string($res/*[local-name()='file']/@href)")" ] &&
			[ "$(xpath "count($res/*[local-name()='file'])")" = 1 ] &&
			[ "$(xpath "string($res/*[local-name()='dependency']/@identifierref)")" = "$asset" ]; then
			ok
		else
			bad "$name $version: item resource $ref is not an SCO of its own page depending on the asset '$asset'"
		fi
	done

	# A test's mastery is its pass mark, as its page and its YAML give it; a survey has none.
	for item in $(xpath "//*[local-name()='item'][starts-with(@parameters, '?sco=test:') or starts-with(@parameters, '?sco=survey:')]/@identifier"); do
		sel="//*[local-name()='item'][@identifier='$item']"
		params=$(xpath "string($sel/@parameters)")
		quiz=${params#*:}
		href=$(xpath "string(//*[local-name()='resource'][@identifier='$(xpath "string($sel/@identifierref)")']/@href)")
		if [ "$version" = 1.2 ]; then
			mastery=$(xpath "string($sel/*[local-name()='masteryscore' and namespace-uri()='$adl'])")
		else
			objective="$sel/*[local-name()='sequencing']/*[local-name()='objectives']/*[local-name()='primaryObjective']"
			mastery=$(xpath "string($objective[@satisfiedByMeasure='true']/*[local-name()='minNormalizedMeasure'])")
			[ -z "$mastery" ] || mastery=$(awk -v m="$mastery" 'BEGIN { printf "%d", m * 100 + 0.5 }')
		fi
		case $params in
		*survey:*)
			if [ -z "$mastery" ]; then ok; else bad "$name $version: survey $quiz has a mastery '$mastery'"; fi
			continue
			;;
		esac
		page_pass=$(unzip -p "$dir/scorm1.zip" "$href" | grep -o '"pass":[0-9]*' | head -n 1 | cut -d: -f2)
		yaml_pass=$(sed -n 's/^pass: *\([0-9]*\).*/\1/p' "$course/quizzes/$quiz.yaml")
		if [ -n "$mastery" ] && [ "$mastery" = "$page_pass" ] && [ "${yaml_pass:-$mastery}" = "$mastery" ]; then
			ok
		else
			bad "$name $version: $item ($href): mastery '$mastery', the page's pass mark '$page_pass', quizzes/$quiz.yaml '$yaml_pass'"
		fi
	done

	# As Moodle's scormlib.php reads it: a schema version it recognises, the SCORM type by
	# the attribute's literal name, the 2004 sequencing by the imsss: prefix, and no '&' but
	# a named entity.
	case $(xpath "string(//*[local-name()='schemaversion'])") in
	1.2 | '2004 3rd Edition' | '2004 4th Edition') ok ;;
	*) bad "$name $version: Moodle does not know the schema version" ;;
	esac
	if [ "$(grep -c "<resource [^>]* adlcp:$scormtype=\"" "$manifest")" = "$(xpath "count(//*[local-name()='resource'])")" ]; then
		ok
	else
		bad "$name $version: a resource without a literal adlcp:$scormtype attribute"
	fi
	if [ "$version" = 2004 ]; then
		if [ "$(grep -c '<imsss:sequencing>' "$manifest")" = "$(xpath "count(//*[local-name()='sequencing'])")" ]; then
			ok
		else
			bad "$name $version: sequencing not under the literal imsss: prefix"
		fi
	fi
	if grep -qP '&(?!\w{2,6};)' "$manifest"; then bad "$name $version: an '&' Moodle would escape"; else ok; fi
}

for version in 1.2 2004; do
	check_package fixture "$fixture" "$version"
	check_package example "$example" "$version"
done

# Without --scorm-version the package is SCORM 1.2, byte for byte.
if "$kenshu" build -C "$fixture" -o "$tmp/default/public" --no-zip --scorm "$tmp/default/scorm.zip" -q 2>/dev/null &&
	cmp -s "$tmp/default/scorm.zip" "$tmp/fixture-1.2/scorm1.zip"; then
	ok
else
	bad "the package without --scorm-version is not the SCORM 1.2 one"
fi

# --scorm-version takes 1.2 or 2004, and only with --scorm.
for args in "--scorm $tmp/x.zip --scorm-version 3" "--scorm-version 2004" "--scorm $tmp/x.zip --scorm-version"; do
	status=0
	# shellcheck disable=SC2086
	"$kenshu" build -C "$fixture" -o "$tmp/refused" $args -q 2>"$tmp/err" || status=$?
	if [ "$status" = 2 ] && grep -q '^usage: ' "$tmp/err" && [ ! -e "$tmp/refused" ] && [ ! -e "$tmp/x.zip" ]; then
		ok
	else
		bad "build $args: exit status $status, not a usage error"
	fi
done

# A failed build writes nothing: the previous package stays as it was.
cp -R "$fixture" "$tmp/broken"
printf 'title: [unclosed\n' >"$tmp/broken/quizzes/basics.yaml"
for version in 1.2 2004; do
	dir=$tmp/fixture-$version
	cp "$dir/scorm1.zip" "$tmp/previous.zip"
	if "$kenshu" build -C "$tmp/broken" -o "$dir/public1" --zip "$dir/site1.zip" --scorm "$dir/scorm1.zip" \
		--scorm-version "$version" -q 2>/dev/null; then
		bad "a broken course built"
	elif cmp -s "$dir/scorm1.zip" "$tmp/previous.zip" && [ -z "$(find "$dir" -maxdepth 1 -name 'scorm1.zip.*')" ]; then
		ok
	else
		bad "$version: a failed build changed the package or left a temporary file"
	fi
done

echo "scorm: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
