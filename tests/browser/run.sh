#!/bin/sh
# Browser tests: build the fixture course (tests/browser/fixture) and the repository's example
# course with --zip, and the course "kenshu new" writes in Japanese and in English (built with
# --strict), extract each ZIP the way a branch office would, and open the sites from file://
# in Debian's Chromium (playwright-core, node:test); the fixture's SCORM packages (--scorm,
# --scorm-version 1.2 and 2004), extracted for scorm.test.js; the injection course for
# injection.test.js; and a generated corpus of 100 lessons (gencorpus, beside KENSHU) for
# search-results.test.js.
# Usage: sh tests/browser/run.sh KENSHU [TEST.test.js...]: every test file, or those named.
# Needs node, npm, unzip and /usr/bin/chromium (`sh deps.sh browser` installs them).
# Exit status: that of the tests; 1 when a course fails to build; 2 on a usage or setup error.
set -eu

if [ $# -lt 1 ]; then
	echo "usage: sh tests/browser/run.sh KENSHU [TEST.test.js...]" >&2
	exit 2
fi
kenshu=$1
shift
case $kenshu in
/*) ;;
*) kenshu=$(pwd)/$kenshu ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

for name in "$@"; do
	if [ ! -f "$here/$name" ]; then
		echo "run.sh: there is no test file tests/browser/$name" >&2
		exit 2
	fi
done
if [ ! -x "$kenshu" ]; then
	echo "run.sh: $kenshu is not an executable (run 'make all' first)" >&2
	exit 2
fi
for cmd in node npm unzip; do
	if ! command -v "$cmd" >/dev/null 2>&1; then
		echo "run.sh: $cmd is missing (run 'sh deps.sh browser')" >&2
		exit 2
	fi
done
if [ ! -x "${KENSHU_CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "run.sh: ${KENSHU_CHROMIUM:-/usr/bin/chromium} is missing (run 'sh deps.sh browser')" >&2
	exit 2
fi

. "$here/npm.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# build NAME DIR [OPTION]: build the course in DIR with its ZIP, extract the ZIP, and print the
# path of the extracted site (the ZIP's one top-level folder).
build() {
	mkdir "$tmp/$1" "$tmp/$1/unzipped"
	if ! "$kenshu" build -C "$2" -o "$tmp/$1/public" --zip "$tmp/$1/site.zip" -q ${3:-} >&2; then
		echo "run.sh: kenshu failed to build the course in $2" >&2
		return 1
	fi
	unzip -q "$tmp/$1/site.zip" -d "$tmp/$1/unzipped" || return 1
	set -- "$tmp/$1/unzipped"/*
	if [ $# -ne 1 ] || [ ! -f "$1/index.html" ]; then
		echo "run.sh: the ZIP does not hold one top-level folder with index.html in it:" >&2
		ls -A "$(dirname "$1")" >&2
		return 1
	fi
	printf '%s\n' "$1"
}

fixture=$(build fixture "$here/fixture") || exit 1
example=$(build example "$root") || exit 1
for lang in ja en; do
	if ! "$kenshu" new "$tmp/new-$lang-src" --lang "$lang" >/dev/null; then
		echo "run.sh: kenshu new failed for --lang $lang" >&2
		exit 1
	fi
done
new_ja=$(build new-ja "$tmp/new-ja-src" --strict) || exit 1
new_en=$(build new-en "$tmp/new-en-src" --strict) || exit 1
# The injection course (injection.test.js): hostile text everywhere, which must come out inert.
injection=$(build injection "$here/injection") || exit 1
# A generated course (the bench's gencorpus), whose search results search-results.test.js
# compares with those recorded before the index was split into shards.
gencorpus=$(dirname "$kenshu")/gencorpus
if ! "$gencorpus" "$tmp/corpus-src" 100 1000 200 >/dev/null; then
	echo "run.sh: $gencorpus failed" >&2
	exit 1
fi
corpus=$(build corpus "$tmp/corpus-src/kenshu") || exit 1
# The fixture's SCORM packages too, extracted the way an LMS does (their files at the root).
mkdir "$tmp/scorm"
for version in 1.2 2004; do
	if ! "$kenshu" build -C "$here/fixture" -o "$tmp/scorm/public" --no-zip --scorm "$tmp/scorm/$version.zip" \
		--scorm-version "$version" -q >&2 ||
		! unzip -q "$tmp/scorm/$version.zip" -d "$tmp/scorm/$version"; then
		echo "run.sh: kenshu failed to build the fixture's SCORM $version package" >&2
		exit 1
	fi
done

KENSHU_SITES=$fixture:$example:$new_ja:$new_en
# The "kenshu new" courses, for the accessibility, keyboard, layout and language tests.
KENSHU_NEW_JA=$new_ja
KENSHU_NEW_EN=$new_en
KENSHU_FIXTURE=$fixture
# The fixture's source and kenshu itself, for tests that rebuild a course (quiz results
# must survive a rebuild).
KENSHU_FIXTURE_SRC=$here/fixture
KENSHU_BIN=$kenshu
KENSHU_SCORM=$tmp/scorm/1.2
KENSHU_SCORM_2004=$tmp/scorm/2004
KENSHU_INJECTION=$injection
# The example course, every page of which the accessibility test checks.
KENSHU_EXAMPLE=$example
KENSHU_CORPUS=$corpus
export KENSHU_SITES KENSHU_NEW_JA KENSHU_NEW_EN KENSHU_FIXTURE KENSHU_FIXTURE_SRC KENSHU_BIN KENSHU_SCORM \
	KENSHU_SCORM_2004 KENSHU_INJECTION KENSHU_EXAMPLE KENSHU_CORPUS

cd "$root"
if [ $# -eq 0 ]; then
	set -- "$here"/*.test.js
else
	for name in "$@"; do
		set -- "$@" "$here/$name"
		shift
	done
fi
status=0
node --test "$@" || status=$?
exit "$status"
