#!/bin/sh
# The example course: it checks clean under --strict, every lesson offers a test and links at
# least one glossary term, every test question has an explanation (kenshu warns otherwise, so
# --strict covers it), the tests ask for judgement rather than for the longest answer, and
# the final exam asks about every module staff take (managers/ is for managers), in every
# sitting (quizstats.c). That no sentence is copied from the texts the course was
# written from is checked by 'make overlap SOURCES=DIR' where those texts are at hand.
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
quizstats=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL course: $*"
}

cd "$root"
if "$kenshu" check --strict >"$tmp/check" 2>&1 && [ ! -s "$tmp/check" ]; then ok; else
	bad "kenshu check --strict reported:"
	cat "$tmp/check"
fi

lessons=0
for f in content/lessons/*/*.md; do
	lessons=$((lessons + 1))
	# The quiz key in the front matter (kenshu checks that the quiz exists).
	if sed -n '2,/^---$/p' "$f" | grep -q '^quiz: *[a-z0-9]'; then ok; else bad "$f offers no test"; fi
done
[ "$lessons" -ge 30 ] && ok || bad "only $lessons lessons (at least 30 wanted)"

"$kenshu" build -q -o "$tmp/public" --no-zip
for page in "$tmp"/public/*.html; do
	grep -q 'class="kind-lesson"' "$page" || continue
	if grep -q 'class="term"' "$page"; then ok; else bad "$(basename "$page") links no glossary term"; fi
done

staff=""
for dir in content/lessons/*/; do
	name=$(basename "$dir")
	name=${name#*-}
	[ "$name" = managers ] || staff="$staff $name"
done
# shellcheck disable=SC2086
if "$quizstats" quizzes final-exam.yaml $staff >"$tmp/stats"; then ok; else bad "quiz statistics:"; fi
cat "$tmp/stats"

echo "course: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
