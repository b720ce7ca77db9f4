#!/bin/sh
# Themes written the easy way: "kenshu theme export" writes the built-in theme, which, used as
# the project's theme, gives the same pages, assets and archives as the built-in one (all but
# the content version in assets/course.js and the ZIP's notes, a hash of every source, the
# theme's files too: its notes keep their CRLF line ends, though read as sources);
# a second export into the same folder is refused and changes nothing. A project theme's
# binary files (an image with the bytes of PNG's signature, which are not UTF-8) are copied
# into the site and the ZIP byte for byte, and so is site.yaml's brand.logo.
#
# Usage: theme.sh KENSHU
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
	echo "FAIL theme: $*"
}
# The site or ZIP at $1 with the content version taken out of assets/course.js.
unversioned() { sed 's/"build":"[0-9a-f]*"/"build":""/' "$1"; }

proj="$tmp/proj"
cp -R "$here/../bad/base" "$proj"
export SOURCE_DATE_EPOCH=1775035800
(cd "$proj" && "$kenshu" build -q -o "$tmp/builtin" --zip "$tmp/builtin.zip")

status=0
(cd "$proj" && "$kenshu" theme export themes/corporate) >"$tmp/out" 2>"$tmp/err" || status=$?
if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then ok; else bad "export: exit status $status, $(cat "$tmp/err")"; fi
if grep -q '^  theme: corporate$' "$tmp/out"; then ok; else bad "export does not say how to use the theme"; fi
if [ -f "$proj/themes/corporate/layout.html" ] && [ -f "$proj/themes/corporate/assets/style.css" ]; then ok; else
	bad "export wrote no layout or stylesheet"
fi

printf 'theme: corporate\n' >>"$proj/site.yaml"
status=0
(cd "$proj" && "$kenshu" build --strict -q -o "$tmp/exported" --zip "$tmp/exported.zip") 2>"$tmp/err" || status=$?
if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then ok; else bad "build with the exported theme: exit status $status, $(cat "$tmp/err")"; fi
if diff -r -x course.js "$tmp/builtin" "$tmp/exported" >"$tmp/diff" &&
    [ "$(unversioned "$tmp/builtin/assets/course.js")" = "$(unversioned "$tmp/exported/assets/course.js")" ]; then ok; else
	bad "the exported theme gives another site than the built-in one:"
	head -20 "$tmp/diff"
fi
mkdir "$tmp/a" "$tmp/b"
(cd "$tmp/a" && unzip -q "$tmp/builtin.zip")
(cd "$tmp/b" && unzip -q "$tmp/exported.zip")
# The read-me notes name the content version too.
find "$tmp/a" "$tmp/b" \( -name '*.txt' -o -name course.js \) -exec sed -i -E 's/[0-9a-f]{16}/VERSION/' {} +
if diff -r "$tmp/a" "$tmp/b" >"$tmp/diff"; then ok; else
	bad "the exported theme gives another ZIP:"
	head -20 "$tmp/diff"
fi

before=$(cd "$proj/themes" && find . -type f -exec cksum {} + | sort)
status=0
(cd "$proj" && "$kenshu" theme export themes/corporate) >/dev/null 2>"$tmp/err" || status=$?
if [ "$status" = 3 ] && grep -q '^themes/corporate/layout.html: error: exists already' "$tmp/err"; then ok; else
	bad "a second export: exit status $status, $(head -1 "$tmp/err")"
fi
if [ "$before" = "$(cd "$proj/themes" && find . -type f -exec cksum {} + | sort)" ]; then ok; else
	bad "a refused export changed the theme"
fi

# A binary asset: PNG's signature starts with 0x89, which is no UTF-8.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\377\376' >"$proj/themes/corporate/assets/logo.png"
status=0
(cd "$proj" && "$kenshu" build --strict -q -o "$tmp/logo" --zip "$tmp/logo.zip") 2>"$tmp/err" || status=$?
if [ "$status" = 0 ] && [ ! -s "$tmp/err" ]; then ok; else bad "a theme's image: exit status $status, $(cat "$tmp/err")"; fi
if cmp -s "$proj/themes/corporate/assets/logo.png" "$tmp/logo/assets/logo.png"; then ok; else
	bad "the theme's image is not in the site as it is"
fi
if unzip -p "$tmp/logo.zip" bad-input-base/assets/logo.png | cmp -s - "$proj/themes/corporate/assets/logo.png"; then ok; else
	bad "the theme's image is not in the ZIP as it is"
fi

# site.yaml's brand.logo, with the built-in theme: in the site as it is, named by its format.
brand="$here/../sites/brand/input"
"$kenshu" build -q -C "$brand" -o "$tmp/brand" --zip "$tmp/brand.zip"
if cmp -s "$brand/images/Logo.PNG" "$tmp/brand/assets/logo.png"; then ok; else bad "brand.logo is not in the site as it is"; fi

echo "theme: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
