#!/bin/sh
# The README's screenshots: the course "kenshu new" writes, built and opened from file:// in
# Debian's headless Chromium, photographed by screenshots.js into OUTDIR (doc/screenshots).
# Usage: sh tests/browser/screenshots.sh KENSHU OUTDIR
set -eu

if [ $# -ne 2 ]; then
	echo "usage: sh tests/browser/screenshots.sh KENSHU OUTDIR" >&2
	exit 2
fi
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
mkdir -p "$2"
out=$(cd "$2" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
. "$here/npm.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
"$kenshu" new "$tmp/course" >/dev/null
"$kenshu" build -C "$tmp/course" -o "$tmp/public" --no-zip --strict -q
node "$here/screenshots.js" "$tmp/public" "$out"
