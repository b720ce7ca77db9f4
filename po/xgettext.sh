#!/bin/sh
# Extract kenshu's messages from generator/*.c into the template OUT (a .pot file).
# Usage: po/xgettext.sh OUT
# Besides _() and N_(), the functions that take a message's format are named here, so that
# their calls need no _(): each translates its format itself.
set -eu
out=$1
cd "$(dirname "$0")/.."
kw=""
for k in _ N_ ngettext:1,2 diag_error:4 diag_warning:4 diag_note:4 diag_system:2 usage:1 \
	missing:4 report:5 render_error:4 render_limit:4 row_error:3 row_warning:3 fail:2; do
	kw="$kw --keyword=$k"
	case $k in
	_ | N_) ;;
	ngettext*) kw="$kw --flag=ngettext:1:c-format --flag=ngettext:2:c-format" ;;
	*) kw="$kw --flag=${k%%:*}:${k#*:}:c-format" ;;
	esac
done
# shellcheck disable=SC2086
xgettext --language=C --from-code=UTF-8 --add-comments=TRANSLATORS: --sort-by-file \
	--package-name=kenshu --msgid-bugs-address=' ' --no-wrap $kw -o "$out" \
	$(LC_ALL=C ls generator/*.c)
