#!/bin/sh
# Files an author may write in ways kenshu once passed over without a word: extensions in
# another case, .markdown and .yml, Japanese file names. Each is built (exit 0, nothing on
# standard error) into the page it should give, and the page names stay the same when the
# numeric prefixes change. (Files kenshu does not use, and lessons in the wrong place, are
# bad-input cases: tests/bad/cases/unused-files, lesson-top-level, lesson-too-deep.)
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
	echo "FAIL files: $*"
}

proj="$tmp/proj"
cp -R "$here/../bad/base" "$proj"
lessons="$proj/content/lessons/01-basics"
printf -- '---\ntitle: 大文字の拡張子\n---\n本文\n' >"$lessons/03-upper.MD"
printf -- '---\ntitle: 長い拡張子\n---\n本文\n' >"$lessons/04-long.markdown"
printf -- '---\ntitle: 報告\n---\n本文\n' >"$lessons/05-報告.md"
printf -- '---\ntitle: 名前付き\nslug: named\n---\n本文\n' >"$lessons/06-名前.md"
mkdir -p "$proj/content/forms" "$proj/quizzes"
printf 'title: 記録\nfields:\n  - {id: who, label: 氏名, type: text}\n' >"$proj/content/forms/sign.yml"
cat >"$proj/quizzes/check.YML" <<'YAML'
title: 確認
questions:
  - id: a
    prompt: 問い
    choices: [{text: 正, correct: true}, {text: 誤}]
    explanation: 説明
YAML
printf -- '- term: 更新\n  reading: こうしん\n  definition: 新しくすること。\n' >"$proj/content/glossary.yml"

# build [NAME]: build the project into $tmp/NAME, expecting success and silence.
build() {
	if (cd "$proj" && "$kenshu" build -q --strict -o "$tmp/$1" --no-zip) 2>"$tmp/$1.err" &&
		[ ! -s "$tmp/$1.err" ]; then ok; else
		bad "the course did not build cleanly:"
		cat "$tmp/$1.err"
	fi
}

build first
hashed=$(cd "$tmp/first" && ls basics-*.html | grep -v -e upper -e long -e passwords -e updates || true)
for page in basics-upper.html basics-long.html named.html form-sign.html quiz-check.html glossary.html; do
	if [ -f "$tmp/first/$page" ]; then ok; else bad "no $page in: $(cd "$tmp/first" && ls | tr '\n' ' ')"; fi
done
case $hashed in
basics-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f].html) ok ;;
*) bad "05-報告.md gave '$hashed', not basics-HASH.html" ;;
esac

# kenshu check suggests slug: where a name had to be a hash, and only there.
(cd "$proj" && "$kenshu" check --strict) 2>"$tmp/check.err" || bad "check failed: $(cat "$tmp/check.err")"
hash=${hashed#basics-}
hash=${hash%.html}
if grep -qF "content/lessons/01-basics/05-報告.md:1:1: note: its page is named from a hash of its file name ('$hash')" "$tmp/check.err"; then ok; else
	bad "check does not suggest slug: for 05-報告.md:"
	cat "$tmp/check.err"
fi
if [ "$(wc -l <"$tmp/check.err")" -eq 1 ]; then ok; else bad "check said more than one thing:"; cat "$tmp/check.err"; fi

# Renumber every lesson (insert one at the front), as an author would, links included: every
# page keeps its name.
(cd "$lessons" && for f in [0-9][0-9]-*; do
	mv "$f" "1$f"
	find "$proj/content" -name '*.md' -exec sed -i "s|$f|1$f|g" {} +
done)
printf -- '---\ntitle: 新しいレッスン\n---\n本文\n' >"$lessons/01-new.md"
build second
for page in $(cd "$tmp/first" && ls *.html); do
	if [ -f "$tmp/second/$page" ]; then ok; else bad "$page is gone after renumbering"; fi
done
if [ -f "$tmp/second/basics-new.html" ]; then ok; else bad "the inserted lesson has no page basics-new.html"; fi

echo "files: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
