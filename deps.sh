#!/bin/sh
# Install what a step needs on Debian, when it is missing.
# Usage: deps.sh build|test|manuals|node|schemas|browser|fuzz|valgrind|bench
# Runs apt-get (through sudo when not root) only if something is missing.
set -eu

need=""
want_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed" || need="$need $1"; }
want_cmd() { command -v "$1" >/dev/null 2>&1 || need="$need $2"; }

case "${1:-build}" in
build)
	want_cmd cc gcc
	want_cmd make make
	want_cmd pkg-config pkg-config
	want_cmd msgfmt gettext # the Japanese messages, po/ja.po
	for p in libcmark-gfm-dev libcmark-gfm-extensions-dev libyaml-dev libzip-dev libutf8proc-dev libdeflate-dev \
		libmimalloc-dev libxlsxwriter-dev libmicrohttpd-dev libsqlite3-dev libargon2-dev; do
		want_pkg "$p"
	done
	;;
test)
	want_cmd unzip unzip
	want_cmd xmllint libxml2-utils
	want_cmd python3 python3 # reads the records workbook back (zipfile, xml.etree)
	;;
manuals)
	want_cmd groff groff-base # groff's ja.tmac breaks Japanese lines
	want_cmd man man-db
	want_cmd preconv groff-base
	;;
node)
	want_cmd node nodejs
	;;
schemas)
	want_cmd node nodejs
	want_cmd npm npm
	;;
browser)
	want_cmd node nodejs
	want_cmd npm npm
	want_cmd unzip unzip
	[ -x /usr/bin/chromium ] || need="$need chromium"
	want_cmd pdftotext poppler-utils
	# Japanese text in screenshots and printed PDFs needs a Japanese font.
	want_pkg fonts-ipafont-gothic
	;;
fuzz)
	# libFuzzer and the sanitizer runtimes come with clang's compiler-rt.
	want_cmd clang clang
	want_pkg libclang-rt-dev
	;;
valgrind)
	want_cmd valgrind valgrind
	;;
bench)
	want_cmd hugo hugo
	want_cmd cmark-gfm cmark-gfm # the bare Markdown renderer kenshu's time is set against
	want_pkg time # GNU time, for the peak memory of a build (/usr/bin/time -f %M)
	want_cmd bc bc # the shapes benchmark's arithmetic
	;;
*)
	echo "deps.sh: unknown step '$1'" >&2
	exit 2
	;;
esac

[ -z "$need" ] && exit 0
echo "deps.sh: installing$need" >&2
sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $need >&2
