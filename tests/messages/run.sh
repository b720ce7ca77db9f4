#!/bin/sh
# kenshu's messages in Japanese.
# 1. Every message in generator/ has a Japanese translation in po/ja.po, none is fuzzy, none
#    is left over from a message that is gone, and each keeps its format's conversions.
# 2. The language follows LC_ALL, then LC_MESSAGES, then LANG, also when the ja_JP.UTF-8
#    locale is not generated (as on a minimal Debian), and never LANGUAGE alone.
# 3. Some bad-input cases of tests/bad, built in Japanese, give exactly expected/CASE: the same
#    file:line:col: error: form editors read, the message in Japanese.
# 4. A system error's words (the C library's) in Japanese are readable, not question marks;
#    libzip's are in Japanese.
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
problem() {
	echo "FAIL messages: $*"
	fail=$((fail + 1))
}

# 1. The catalogue against the sources.
sh "$root/po/xgettext.sh" "$tmp/kenshu.pot"
msgmerge --quiet --no-fuzzy-matching --no-wrap "$root/po/ja.po" "$tmp/kenshu.pot" -o "$tmp/merged.po"
for what in untranslated only-fuzzy only-obsolete; do
	msgattrib --$what --no-wrap "$tmp/merged.po" | grep -v '^"' | grep '^msgid "..*"$' >"$tmp/$what" || true
	if [ -s "$tmp/$what" ]; then
		problem "$(wc -l <"$tmp/$what") ${what#only-} message(s) in po/ja.po (run make po, then translate):"
		head -20 "$tmp/$what"
	fi
done
msgfmt --check --check-format -o /dev/null "$root/po/ja.po" 2>"$tmp/msgfmt" || problem "msgfmt: $(cat "$tmp/msgfmt")"

# 2. Which language, from which variable. Japanese text has kana or kanji in it, whose UTF-8
# starts with a byte from E3 to E9.
is_ja() { LC_ALL=C grep -q "$(printf '[\343-\351]')" "$1"; }
try() { # expect ja|en, then the environment
	want=$1
	shift
	env -u LC_ALL -u LC_MESSAGES -u LANG -u LANGUAGE "$@" "$kenshu" --help >"$tmp/help" 2>&1 || true
	if is_ja "$tmp/help"; then got=ja; else got=en; fi
	[ "$got" = "$want" ] || problem "'$*' gave the help in $got, expected $want"
}
try ja LANG=ja_JP.UTF-8
try ja LANG=ja_JP
try ja LANG=ja
try ja LC_MESSAGES=ja_JP.UTF-8 LANG=en_US.UTF-8
try ja LC_ALL=ja_JP.UTF-8 LANG=C
try en LC_ALL=C LANG=ja_JP.UTF-8
try en LC_ALL=en_US.UTF-8 LC_MESSAGES=ja_JP.UTF-8
try en LANG=C.UTF-8
try en LANGUAGE=ja LANG=en_US.UTF-8
try en
try en LANG=jav_ID.UTF-8

# 3. Diagnostics in Japanese, exactly.
for expected in "$here"/expected/*; do
	[ -f "$expected" ] || continue
	name=$(basename "$expected")
	case=$root/tests/bad/cases/$name
	work=$tmp/$name
	mkdir -p "$work"
	cp -R "$root/tests/bad/base" "$work/proj"
	[ -d "$case/files" ] && cp -R "$case/files/." "$work/proj/"
	args="build -q"
	[ -f "$case/args" ] && args="build -q $(cat "$case/args")"
	[ -f "$case/command" ] && args=$(cat "$case/command")
	status=0
	# shellcheck disable=SC2086
	(cd "$work/proj" && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ja_JP.UTF-8 "$kenshu" $args) \
		2>"$work/err" || status=$?
	[ "$status" != 0 ] || problem "$name: exit status 0 in Japanese"
	diff -u "$expected" "$work/err" >"$work/diff" || {
		problem "$name: the Japanese diagnostics differ"
		cat "$work/diff"
	}
done

# 4. A system error in Japanese: the C library's words for it (strerror's, in Japanese where
# Debian's libc-l10n is installed, else in English) come out as text, not as question marks.
status=0
(cd "$tmp" && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE LANG=ja_JP.UTF-8 "$kenshu" records merge \
	missing.csv) 2>"$tmp/syserr" || status=$?
[ "$status" = 3 ] || problem "records merge of a missing file in Japanese: exit status $status, expected 3"
grep -q '^missing.csv: error: .*: ..' "$tmp/syserr" || problem "no system error in Japanese: $(cat "$tmp/syserr")"
! grep -q '??' "$tmp/syserr" || problem "the system error in Japanese is question marks: $(cat "$tmp/syserr")"
# libzip's words too: a ZIP that a file size limit stops (the site's files are within it)
# says why in Japanese, with the system's reason after it.
cp -R "$root/tests/bad/base" "$tmp/zip-limit"
status=0
(cd "$tmp/zip-limit" && trap '' XFSZ && ulimit -f 50 && env -u LC_ALL -u LC_MESSAGES -u LANGUAGE \
	LANG=ja_JP.UTF-8 "$kenshu" build -q) 2>"$tmp/ziperr" || status=$?
[ "$status" = 3 ] || problem "a ZIP over the file size limit in Japanese: exit status $status, expected 3"
zipmsg=$(sed -n 's|^dist/bad-input-base\.zip: error: ZIPを書き込めません[^:]*: ||p' "$tmp/ziperr")
[ -n "$zipmsg" ] || problem "no ZIP error in Japanese: $(cat "$tmp/ziperr")"
! printf '%s\n' "${zipmsg%: *}" | LC_ALL=C grep -q '[a-z][a-z]' ||
	problem "libzip's words in English in a Japanese message: $(cat "$tmp/ziperr")"

[ "$fail" = 0 ] || exit 1
echo "messages: every message translated; language chosen right in $(grep -c '^try ' "$0") environments; $(ls "$here/expected" | wc -l) cases in Japanese"
