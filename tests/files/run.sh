#!/bin/sh
# Files an author may write in ways kenshu once passed over without a word: extensions in
# another case, .markdown and .yml, Japanese file names. Each is built (exit 0, nothing on
# standard error) into the page it should give, and the page names stay the same when the
# numeric prefixes change. Then names that would trouble a reader: a module named like a
# Windows device, a very long file name, headings named like the theme's own elements, and a
# module of 120 lessons, whose pages' navigation lists 50 of them. (Files kenshu does not use, and lessons in the wrong place, are
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

# Names: a module "02-con" (con.html would not open on Windows), a 200-character file name,
# headings "Main", "Progress" and "Lesson read" (the theme's ids main, progress, lesson-read).
proj="$tmp/names-src"
cp -R "$here/../bad/base" "$proj"
mkdir -p "$proj/content/lessons/02-con"
printf 'title: 機器名\n' >"$proj/content/lessons/02-con/_module.yaml"
long=$(printf 'a%.0s' $(seq 1 200))
printf -- '---\ntitle: 長い名前\n---\n本文\n' >"$proj/content/lessons/02-con/01-$long.md"
printf -- '---\ntitle: 見出し\n---\n## Main\n\n## Progress\n\n## Lesson read\n\n## How\n\n[上へ](#main)\n' \
	>"$proj/content/lessons/02-con/02-headings.md"
printf -- '---\ntitle: 記号だけ\n---\n本文\n' >"$proj/content/lessons/02-con/03-__.md"
# A theme whose ids begin with "h" followed by a variable: headings get ids of their own all
# the same (this once looped for ever).
mkdir -p "$proj/themes/corp/partials"
printf '<footer class="site-footer"><p id="h{{site.id}}">{{site.title}}</p></footer>\n' \
	>"$proj/themes/corp/partials/footer.html"
printf 'theme: corp\n' >>"$proj/site.yaml"
status=0
(cd "$proj" && timeout 60 "$kenshu" check --strict) 2>"$tmp/names-check.err" || status=$?
[ "$status" = 0 ] && ok || bad "check of the names course: exit $status: $(cat "$tmp/names-check.err")"
build names
[ -f "$tmp/names/con-page.html" ] && [ ! -e "$tmp/names/con.html" ] && ok ||
	bad "module 02-con: no con-page.html, or a con.html: $(cd "$tmp/names" && ls | tr '\n' ' ')"
longest=$(cd "$tmp/names" && ls | awk '{ if (length($0) > n) n = length($0) } END { print n }')
[ "$longest" -le 69 ] && ok || bad "a page name of $longest characters"
page="$tmp/names/con-headings.html"
for id in main progress lesson-read; do
	grep -q "<h2 id=\"$id-1\">" "$page" && ok || bad "the heading for '$id' is not <h2 id=\"$id-1\">"
done
dup=$(grep -o ' id="[^"]*"' "$page" | sort | uniq -d)
[ -z "$dup" ] && ok || bad "ids used twice on $(basename "$page"): $dup"
grep -q 'href="#main-1"' "$page" && ok || bad "the link to the heading 'Main' does not lead to #main-1"
grep -q '<h2 id="h-how">' "$page" && ok || bad "the heading 'How' is not <h2 id=\"h-how\"> beside the theme's id=\"h...\""
odd=$(cd "$tmp/names" && ls -A | grep -e '^\.html$' -e '^-' -e '-\.html$' || true)
[ -z "$odd" ] && ok || bad "page names without a name: $odd"

# A module of 120 lessons: a lesson page's navigation lists 50 of them and links the module.
proj="$tmp/big-src"
cp -R "$here/../bad/base" "$proj"
mkdir -p "$proj/content/lessons/02-big"
printf 'title: 大きなモジュール\n' >"$proj/content/lessons/02-big/_module.yaml"
for i in $(seq 1 120); do
	printf -- '---\ntitle: 第%s課\n---\n本文\n' "$i" >"$proj/content/lessons/02-big/$i-l$i.md"
done
build big
n=$(sed -n '/<nav class="site-nav"/,/<\/nav>/p' "$tmp/big/big-l60.html" | grep -c 'data-lesson-page=')
[ "$n" = 50 ] && ok || bad "the navigation of a lesson of a 120-lesson module lists $n lessons, not 50"
sed -n '/<nav class="site-nav"/,/<\/nav>/p' "$tmp/big/big-l60.html" | grep -q 'data-lesson-page="big-l60.html" aria-current="page"' &&
	ok || bad "the navigation around lesson 60 leaves lesson 60 out"
n=$(grep -c 'data-lesson-page=' "$tmp/big/big.html")
[ "$n" -ge 120 ] && ok || bad "the module page lists $n of its 120 lessons"

# Drafts: 'draft: true' leaves a lesson, a module and a document out of every output (pages,
# navigation, search index, course script, ZIP, SCORM package), -v names each once, and
# 'draft: false' changes nothing. A page without front matter takes its title from its heading.
# The screenshots only drafts link are not "not used" under --strict, nor copied.
proj="$tmp/drafts-src"
cp -R "$here/../bad/base" "$proj"
lessons="$proj/content/lessons/01-basics"
mkdir -p "$lessons/img"
printf 'png' >"$lessons/img/画面 1.png"
printf 'png' >"$lessons/img/later.png"
printf -- '---\ntitle: 下書きの課\ndraft: true\n---\n未完成 {{org.nothing}} ![画面](<img/画面 1.png>)\n' \
	>"$lessons/03-wip.md"
printf -- '---\ndraft: false\n---\n# 公開する課\n\n本文\n' >"$lessons/04-shown.md"
mkdir -p "$proj/content/lessons/02-later" "$proj/content/documents"
printf 'title: 後で出すモジュール\ndraft: true\n' >"$proj/content/lessons/02-later/_module.yaml"
printf '# 後で出す課\n\n![図](../01-basics/img/later.png "後で")\n' >"$proj/content/lessons/02-later/01-one.md"
printf -- '---\ntitle: 下書きの規程\nversion: "0.1"\neffective: 2026-04-01\ndraft: true\n---\n本文\n' \
	>"$proj/content/documents/01-rule.md"
if (cd "$proj" && "$kenshu" build -v --strict -o "$tmp/drafts" --zip "$tmp/drafts.zip" \
	--scorm "$tmp/drafts-scorm.zip") 2>"$tmp/drafts.err"; then ok; else
	bad "the course with drafts did not build:"
	cat "$tmp/drafts.err"
fi
printf 'kenshu: left out %s (draft: true)\n' content/lessons/01-basics/03-wip.md \
	content/lessons/02-later content/documents/01-rule.md >"$tmp/drafts.want"
grep '^kenshu: left out' "$tmp/drafts.err" | diff -u "$tmp/drafts.want" - >"$tmp/drafts.diff" && ok ||
	{ bad "-v did not name each draft once:"; cat "$tmp/drafts.diff"; }
[ -f "$tmp/drafts/basics-shown.html" ] && ok || bad "the draft: false lesson is missing"
grep -q '<h1>公開する課</h1>' "$tmp/drafts/basics-shown.html" && ok ||
	bad "the lesson without 'title:' took no title from its heading"
found=$(cd "$tmp/drafts" && grep -rl -e '下書き' -e '後で出す' -e 'wip\.html' -e 'later\.html' -e 'rule\.html' . || true)
[ -z "$found" ] && ok || bad "drafts show in the site (pages, search index, course script): $found"
found=$(unzip -l "$tmp/drafts.zip" | grep -e 'wip\.html' -e 'later\.html' -e 'rule\.html' || true)
[ -z "$found" ] && ok || bad "drafts in the ZIP: $found"
found=$(unzip -p "$tmp/drafts-scorm.zip" imsmanifest.xml | grep -e 'wip\.html' -e 'later\.html' -e 'rule\.html' || true)
[ -z "$found" ] && ok || bad "drafts in the SCORM manifest: $found"

echo "files: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
