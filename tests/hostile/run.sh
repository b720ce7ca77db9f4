#!/bin/sh
# Hostile input: what an author's mistake, a file corrupted on its way from a branch, or a
# hostile lesson can do, made at test time (nothing large is committed). Each case starts
# from the bad-input base course built once, changes it, builds again and asserts what the
# author sees: the exit status, the exact diagnostics, the previous site and ZIP left exactly
# as they were (or, for input the SPEC accepts, the right new site), and no staging folder
# or temporary file left behind.
#
# Usage: run.sh KENSHU GENCORPUS GENSHAPES
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
gencorpus=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
genshapes=$(cd "$(dirname "$3")" && pwd)/$(basename "$3")
here=$(cd "$(dirname "$0")" && pwd)
base=$here/../bad/base
tmp=$(mktemp -d)
mounted=""
cleanup() {
	[ -z "$mounted" ] || umount "$mounted" 2>/dev/null || true
	chmod -R u+rwX "$tmp" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
pass=0
fail=0
skipped=0
lesson=content/lessons/01-basics/02-updates.md

snapshot() {
	(cd "$1" && find public dist -type f -exec cksum {} + | sort)
}

# fresh NAME [DIR]: a copy of the base course (in DIR, default $tmp/NAME), built once.
fresh() {
	name=$1
	proj=${2:-$tmp/$1}
	problems=""
	mkdir -p "$proj"
	cp -R "$base/." "$proj/"
	if ! (cd "$proj" && "$kenshu" build -q) 2>"$tmp/$name.base.err"; then
		cat "$tmp/$name.base.err"
		problems=" the base course did not build;"
	fi
	before=$(snapshot "$proj")
}

# build ARGS...: build the course again; status in $status, standard error in $tmp/$name.err.
build() {
	status=0
	(cd "$proj" && exec "$kenshu" build -q "$@") 2>"$tmp/$name.err" || status=$?
}

# expect STATUS: compare the exit status and standard error (the expected text on stdin).
expect() {
	[ "$status" = "$1" ] || problems="$problems exit status $status, expected $1;"
	if ! diff -u - "$tmp/$name.err" >"$tmp/$name.diff"; then
		problems="$problems diagnostics differ;"
	fi
}

# untouched: the previous site and ZIP as they were, nothing left behind.
untouched() {
	[ "$before" = "$(snapshot "$proj")" ] || problems="$problems the previous site or ZIP changed;"
	leftovers
}

leftovers() {
	left=$(find "$proj" -name '.*kenshu-*' -o -name '*.tmp-*' | head -1)
	[ -z "$left" ] || problems="$problems left $left behind;"
}

done_case() {
	if [ -z "$problems" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL $name:$problems"
		[ ! -s "$tmp/$name.diff" ] || cat "$tmp/$name.diff"
	fi
	rm -f "$tmp/$name.diff"
}

skip() {
	skipped=$((skipped + 1))
	echo "SKIP $1: $2"
}

# A YAML alias bomb ("billion laughs"): refused at the first alias, before anything expands.
fresh alias-bomb
mkdir -p "$proj/quizzes"
prev=a
{
	echo 'title: 爆弾'
	echo 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'
	for i in b c d e f g h i; do
		printf '%s: &%s [*%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s, *%s]\n' "$i" "$i" \
			"$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev" "$prev"
		prev=$i
	done
} >"$proj/quizzes/bomb.yaml"
build
expect 1 <<'EOF'
quizzes/bomb.yaml:3:8: error: YAML aliases (*name) are not supported
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# Nesting 10,000 deep: in YAML (site.yaml and front matter, flow style, which stays small)
# it is refused at the limit; in Markdown emphasis, raw HTML (which stays text, with one
# warning for its block) and the inline tags kenshu renders (balanced in linear time) it renders
# (quotes and lists that deep are refused: the 'shapes' cases below); in Mustache it is
# refused at the limit.
fresh deep-yaml
deep=$(awk 'BEGIN { for (i = 0; i < 10000; i++) printf "["; for (i = 0; i < 10000; i++) printf "]" }')
printf 'nested: %s\n' "$deep" >>"$proj/site.yaml"
build
expect 1 <<'EOF'
site.yaml:7:72: error: YAML nested deeper than 64 levels
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

fresh deep-front-matter
printf -- '---\ntitle: 深い\nsummary: %s\n---\n本文\n' "$deep" >"$proj/$lesson"
build
expect 1 <<'EOF'
content/lessons/01-basics/02-updates.md:3:73: error: YAML nested deeper than 64 levels
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

fresh deep-mustache
{
	printf -- '---\ntitle: 深い\n---\n'
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{{#org.uses_cloud}}"; print "" }'
} >"$proj/$lesson"
build
expect 1 <<'EOF'
content/lessons/01-basics/02-updates.md:4:1901: error: sections nested more than 100 levels deep
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

fresh deep-markdown
{
	printf -- '---\ntitle: 深い\n---\n## 更新の手順\n\n'
	awk 'BEGIN {
		for (i = 0; i < 10000; i++) printf "*"; printf "強調"; for (i = 0; i < 10000; i++) printf "*"
		print ""; print ""
		for (i = 0; i < 10000; i++) printf "<div>"; printf "括弧"; for (i = 0; i < 10000; i++) printf "</div>"
		print ""; print ""
		printf "鍵 "; for (i = 0; i < 10000; i++) printf "<kbd>"; printf "入れ子"; for (i = 0; i < 10000; i++) printf "</kbd>"
		print ""
	}'
} >"$proj/$lesson"
build
expect 0 <<'EOF'
content/lessons/01-basics/02-updates.md:8:1: warning: raw HTML is shown as text: '<div>' (kenshu renders only <br>, <kbd>, <mark>, <small>, <sub>, <sup>, <ruby>, <rt> and <rp>, without attributes)
EOF
grep -q '括弧' "$proj/public/basics-updates.html" ||
	problems="$problems the deeply nested page was not written;"
grep -q '<kbd><kbd>入れ子</kbd></kbd>' "$proj/public/basics-updates.html" ||
	problems="$problems the nested <kbd> tags were not rendered;"
leftovers
done_case

# Invalid UTF-8 and NUL bytes in YAML (tests/bad has them in a lesson).
fresh invalid-utf8-yaml
printf 'title: \203e\203X\203g\nid: bad-input-base\n' >"$proj/site.yaml"
build
expect 1 <<'EOF'
site.yaml:1:8: error: invalid UTF-8 (byte 0x83); save the file as UTF-8
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

fresh nul-yaml
mkdir -p "$proj/quizzes"
printf 'title: テスト\000\nkind: test\n' >"$proj/quizzes/x.yaml"
build
expect 1 <<'EOF'
quizzes/x.yaml:1:11: error: NUL byte in text file
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# A byte order mark and CRLF line ends (Windows editors) are accepted everywhere and change
# nothing in the site.
fresh bom-crlf
printf '\357\273\277title: 検査用コース\r\nid: bad-input-base\r\nlang: ja\r\norganization:\r\n  name: 株式会社検査\r\n  uses_cloud: true\r\n' >"$proj/site.yaml"
printf '\357\273\277---\r\ntitle: 更新\r\nsummary: "CRLF: 読める"\r\n---\r\n## 更新の手順\r\n\r\n{{org.name}}は\r\n毎月更新します。\r\n\r\n[パスワード](01-passwords.md#長いパスワード)に戻る。\r\n' >"$proj/$lesson"
build
expect 0 </dev/null
page=$proj/public/basics-updates.html
if [ -f "$page" ]; then
	grep -q '<h2 id="更新の手順"' "$page" || problems="$problems the heading lost its id;"
	grep -q 'CRLF: 読める' "$page" || problems="$problems the summary is missing;"
	grep -q '株式会社検査は' "$page" || problems="$problems the variable was not expanded;"
	# #長いパスワード, percent-encoded
	grep -q 'href="basics-passwords.html#%E9%95%B7%E3%81%84%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89"' "$page" ||
		problems="$problems the link was not rewritten;"
	! grep -q "$(printf '\r')" "$page" || problems="$problems a carriage return reached the page;"
	! grep -q "$(printf '\357\273\277')" "$page" || problems="$problems the BOM reached the page;"
else
	problems="$problems no page was written;"
fi
leftovers
done_case

# Tabs indenting YAML: refused, and the message says that the tab is the trouble, at the tab.
fresh tabs-yaml
printf 'title: 検査用コース\nid: bad-input-base\norganization:\n\tname: 株式会社検査\n' >"$proj/site.yaml"
build
expect 1 <<'EOF'
site.yaml:4:1: error: a tab in the indentation: indent with half-width spaces (YAML does not allow tabs)
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

fresh tabs-front-matter
printf -- '---\ntitle: 更新\n\tsummary: タブ\n---\n本文\n' >"$proj/$lesson"
build
expect 1 <<'EOF'
content/lessons/01-basics/02-updates.md:3:1: error: a tab in the indentation: indent with half-width spaces (YAML does not allow tabs)
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# A 200 MB lesson (sparse, so the test does not fill the disk): refused with the limit,
# without reading it.
fresh huge-lesson
truncate -s 200M "$proj/content/lessons/01-basics/03-huge.md"
build
expect 1 <<'EOF'
content/lessons/01-basics/03-huge.md: error: file is 209715200 bytes, larger than the limit of 8 MiB
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# A 100 MB image a lesson shows, refused at its link with the limit and the way out, and one
# linked through a symlink out of the project, refused at the file; the lesson's other links
# still checked.
fresh huge-image
mkdir -p "$proj/content/lessons/01-basics/img"
truncate -s 100M "$proj/content/lessons/01-basics/img/huge.png"
printf 'x' >"$tmp/outside.png"
ln -s "$tmp/outside.png" "$proj/content/lessons/01-basics/img/out.png"
printf '\n![大きな図](img/huge.png)\n\n![外の図](img/out.png)\n' >>"$proj/content/lessons/01-basics/01-passwords.md"
build
expect 1 <<'EOF'
content/lessons/01-basics/01-passwords.md:12:1: error: 'img/huge.png' is 100.0 MiB, over the limit of 32 MiB for a file copied into the site (and into every branch office's ZIP): make it smaller, or put it on a server and link its address
content/lessons/01-basics/img/out.png: error: leads outside the project folder; refused
kenshu: 2 errors, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# A named pipe where a lesson should be: refused, not waited on (a hang before).
fresh fifo-lesson
mkfifo "$proj/content/lessons/01-basics/03-pipe.md"
status=0
(cd "$proj" && exec timeout 60 "$kenshu" build -q) 2>"$tmp/$name.err" || status=$?
expect 1 <<'EOF'
content/lessons/01-basics/03-pipe.md: error: not a regular file
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# Links leading out of the project: a lesson that is a symlink to a file outside, and a
# module folder that is a symlink to a folder outside (tests/bad has a '../' link).
fresh symlink-folder-out
mkdir -p "$tmp/elsewhere/01-stolen"
printf 'title: 外\n' >"$tmp/elsewhere/01-stolen/_module.yaml"
printf -- '---\ntitle: 外\n---\n秘密\n' >"$tmp/elsewhere/01-stolen/01-secret.md"
ln -s "$tmp/elsewhere/01-stolen" "$proj/content/lessons/02-stolen"
ln -s "$tmp/elsewhere/01-stolen/01-secret.md" "$proj/content/lessons/01-basics/03-secret.md"
build
expect 1 <<'EOF'
content/lessons/01-basics/03-secret.md: error: leads outside the project folder; refused
content/lessons/02-stolen: error: leads outside the project folder; refused
kenshu: 2 errors, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# The ZIP path is a folder: refused before anything is written (tests/bad has the output
# path that is a file).
fresh zip-is-folder
mkdir -p "$proj/dist/bad-input-base.zip.d"
before=$(snapshot "$proj")
build --zip dist/bad-input-base.zip.d
expect 2 <<'EOF'
dist/bad-input-base.zip.d: error: --zip: the path exists and is not a file
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
untouched
done_case

# An unreadable lesson. chmod 000 stops no one running as root, so as root kenshu runs as
# the unprivileged user 'nobody' (setpriv, util-linux) on a course that user may write.
fresh unreadable
chmod 000 "$proj/content/index.md"
if [ "$(id -u)" != 0 ]; then
	build
else
	status=skip
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		chmod a+rx "$tmp"
		chmod -R a+rwX "$proj/public" "$proj/dist" "$proj/content/lessons" "$proj/site.yaml"
		chmod a+rwx "$proj" "$proj/content"
		nobody="setpriv --reuid=nobody --regid=$(id -gn nobody) --clear-groups"
		if $nobody test -r "$proj/site.yaml" -a -x "$kenshu"; then
			status=0
			# shellcheck disable=SC2086
			(cd "$proj" && exec $nobody "$kenshu" build -q) 2>"$tmp/$name.err" || status=$?
		else
			skip unreadable "running as root, and the user 'nobody' cannot reach $tmp or $kenshu"
		fi
	else
		skip unreadable "running as root without setpriv and a 'nobody' user, chmod 000 does not stop reading"
	fi
fi
if [ "$status" != skip ]; then
	expect 3 <<'EOF'
content/index.md: error: cannot read: Permission denied
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
	untouched
	done_case
fi

# A full disk: a 3 MiB tmpfs holding the course when mounting is allowed (root), otherwise
# a file size limit (ulimit -f, with SIGXFSZ ignored so writes fail with EFBIG instead).
# The previous site and ZIP on it stay as they were, and the staging folder is removed.
disk=$tmp/disk
mkdir -p "$disk"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=3m kenshu-hostile "$disk" 2>/dev/null; then
	mounted=$disk
	fresh full-disk "$disk/proj"
	dd if=/dev/zero of="$disk/filler" bs=64k 2>/dev/null || true
	printf '\n追記\n' >>"$proj/$lesson"
	build
	[ "$status" = 3 ] || problems="$problems exit status $status, expected 3;"
	grep -q 'No space left on device$' "$tmp/$name.err" ||
		problems="$problems no 'No space left on device' diagnostic;"
	untouched
	rm -f "$disk/filler"
	done_case
	echo "full disk: a 3 MiB tmpfs"
	umount "$disk" && mounted=""
else
	fresh full-disk
	printf '\n追記\n' >>"$proj/$lesson"
	status=0
	(cd "$proj" && trap '' XFSZ && ulimit -f 8 && exec "$kenshu" build -q) 2>"$tmp/$name.err" ||
		status=$?
	[ "$status" = 3 ] || problems="$problems exit status $status, expected 3;"
	grep -q 'File too large$' "$tmp/$name.err" || problems="$problems no 'File too large' diagnostic;"
	untouched
	done_case
	echo "full disk: no tmpfs could be mounted; a file size limit (ulimit -f 8) instead"
fi

# SIGINT during the build of a large generated course, and SIGHUP (the terminal closed): exit
# 128 plus the signal number, a diagnostic, no partial output, the previous site and ZIP
# untouched.
"$gencorpus" "$tmp/corpus" 1500 200 >/dev/null
for sig in INT:130 HUP:129; do
	code=${sig#*:}
	sig=${sig%:*}
	fresh "interrupted-$sig"
	rm -rf "$proj/content" "$proj/site.yaml"
	cp -R "$tmp/corpus/kenshu/content" "$tmp/corpus/kenshu/site.yaml" "$proj/"
	(cd "$proj" && exec "$kenshu" build -q) 2>"$tmp/$name.err" &
	pid=$!
	# Interrupt while the pages are being written: once the staging folder has files in it.
	i=0
	while [ $i -lt 600 ] && ! find "$proj" -path '*kenshu-new*' -name '*.html' 2>/dev/null | grep -q .; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -$sig $pid 2>/dev/null || true
	status=0
	wait $pid || status=$?
	expect "$code" <<'EOF'
kenshu: error: interrupted: nothing written, the previous site is unchanged
EOF
	untouched
	done_case
done

# A build killed outright (SIGKILL) while writing leaves its staging folder; the next build
# removes it.
fresh killed
rm -rf "$proj/content" "$proj/site.yaml"
cp -R "$tmp/corpus/kenshu/content" "$tmp/corpus/kenshu/site.yaml" "$proj/"
(cd "$proj" && exec "$kenshu" build -q) 2>"$tmp/$name.err" &
pid=$!
i=0
while [ $i -lt 600 ] && ! find "$proj" -path '*kenshu-new*' -name '*.html' 2>/dev/null | grep -q .; do
	sleep 0.1
	i=$((i + 1))
done
kill -KILL $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
[ -n "$(find "$proj" -maxdepth 1 -name '.*kenshu-new-*')" ] || problems="$problems the killed build left no staging folder to clean;"
rm -rf "$proj/content" "$proj/site.yaml"
cp -R "$base/content" "$base/site.yaml" "$proj/"
build
expect 0 </dev/null
leftovers
done_case

# Two builds of two courses into one output and one ZIP at once: the second waits for the
# first (and says so), so the site and the ZIP always come from the same course.
fresh concurrent "$tmp/concurrent/a"
cp -R "$tmp/corpus/kenshu/content" "$tmp/corpus/kenshu/site.yaml" "$tmp/concurrent/"
rm -rf "$proj/content" "$proj/site.yaml"
cp -R "$tmp/concurrent/content" "$tmp/concurrent/site.yaml" "$proj/"
small=$tmp/concurrent/b
mkdir -p "$small"
cp -R "$base/." "$small/"
shared=$tmp/concurrent/out
(cd "$proj" && exec "$kenshu" build -q -o "$shared/public" --zip "$shared/site.zip") 2>"$tmp/$name.err" &
pid=$!
i=0
while [ $i -lt 600 ] && ! find "$tmp/concurrent/out" -path '*kenshu-new*' -name '*.html' 2>/dev/null | grep -q .; do
	sleep 0.1
	i=$((i + 1))
done
status=0
(cd "$small" && exec "$kenshu" build -q -o "$shared/public" --zip "$shared/site.zip") 2>"$tmp/$name.b.err" || status=$?
wait $pid || problems="$problems the first build failed: $(cat "$tmp/$name.err");"
[ "$status" = 0 ] || problems="$problems the second build failed: $(cat "$tmp/$name.b.err");"
grep -q "^kenshu: waiting for another build that is writing " "$tmp/$name.b.err" ||
	problems="$problems the second build did not wait for the first;"
site_title=$(grep -o '<title>[^<]*' "$shared/public/index.html")
zip_title=$(unzip -p "$shared/site.zip" '*/index.html' | grep -o '<title>[^<]*')
[ "$site_title" = "$zip_title" ] || problems="$problems the site ($site_title) and the ZIP ($zip_title) are of different courses;"
done_case

# An output that is a symbolic link to the web root: the web root gets the new site and the
# link stays a link.
fresh symlinked-output
mkdir -p "$tmp/webroot"
(cd "$proj" && "$kenshu" build -q --no-zip -o "$tmp/webroot/html") 2>/dev/null
rm -rf "$proj/public"
ln -s "$tmp/webroot/html" "$proj/public"
printf '\n追記の段落\n' >>"$proj/$lesson"
build --no-zip
expect 0 </dev/null
[ -L "$proj/public" ] || problems="$problems public is no longer a link;"
grep -q '追記の段落' "$tmp/webroot/html/basics-updates.html" 2>/dev/null ||
	problems="$problems the web root does not have the new site;"
leftovers
[ -z "$(find "$tmp/webroot" -name '.*kenshu-*')" ] || problems="$problems left a staging folder beside the web root;"
done_case

# An output that is a mount point (a web root mounted from elsewhere) cannot be renamed: its
# contents are replaced.
mnt=$tmp/mnt
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16m kenshu-webroot "$mnt" 2>/dev/null; then
	mounted=$mnt
	fresh mount-point
	build --no-zip -o "$mnt"
	expect 0 </dev/null
	printf '\n追記の段落\n' >>"$proj/$lesson"
	build --no-zip -o "$mnt"
	expect 0 </dev/null
	grep -q '追記の段落' "$mnt/basics-updates.html" 2>/dev/null ||
		problems="$problems the mount point does not have the new site;"
	[ -z "$(find "$mnt" -name '.*kenshu-*')" ] || problems="$problems left a staging folder in the mount point;"
	done_case
	umount "$mnt" && mounted=""
else
	skip mount-point "mounting a tmpfs needs root"
fi

# Links to folders are not followed when kenshu looks for files it does not use: two links
# back to their own folder once made the walk take 2^40 steps.
fresh folder-links
mkdir -p "$proj/content/extra"
ln -s . "$proj/content/extra/a"
ln -s . "$proj/content/extra/b"
status=0
(cd "$proj" && exec timeout 60 "$kenshu" build -q) 2>"$tmp/$name.err" || status=$?
expect 0 <<'EOF'
content/extra/a: warning: not used: a link to a folder; kenshu reads only the folders themselves
content/extra/b: warning: not used: a link to a folder; kenshu reads only the folders themselves
EOF
leftovers
done_case

# A ZIP path that is a link among the sources is refused where the rename would write, not
# followed to where it leads.
fresh zip-link-in-content
cp "$proj/dist/bad-input-base.zip" "$tmp/elsewhere.zip"
ln -s "$tmp/elsewhere.zip" "$proj/content/link.zip"
before=$(snapshot "$proj")
build --zip content/link.zip
expect 2 <<'EOF'
content/link.zip: error: --zip would replace the course's own files (site.yaml, content/, quizzes/, themes/, static/): choose a path outside them
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
[ -L "$proj/content/link.zip" ] || problems="$problems the link was replaced;"
untouched
done_case

# On a terminal (a pseudo-terminal from script(1)): a failed build of 130 pages shows its
# progress with the errors so far, and what stays on the screen is the error and the summary,
# not a count of pages that reads as success.
fresh terminal
if command -v script >/dev/null 2>&1; then
	i=3
	while [ $i -le 130 ]; do
		printf -- '---\ntitle: 頁%d\n---\n本文\n' $i >"$proj/content/lessons/01-basics/$i-p$i.md"
		i=$((i + 1))
	done
	printf -- '---\ntitle: 更新\n---\n## 更新の手順\n\n[消えた](03-gone.md)\n' >"$proj/$lesson"
	before=$(snapshot "$proj")
	status=0
	(cd "$proj" && exec script -qec "$kenshu build" /dev/null) >"$tmp/$name.tty" 2>&1 || status=$?
	# The screen: each line as the terminal leaves it, after its last carriage return.
	tr -d '\033' <"$tmp/$name.tty" | sed 's/\[K//g; s/\r$//; s/.*\r//' | grep . >"$tmp/$name.err" || true
	expect 1 <<'EOF'
content/lessons/01-basics/02-updates.md:6:1: error: broken link: '03-gone.md' does not exist
kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged
EOF
	grep -q 'kenshu: 64/133 pages, 1 error' "$tmp/$name.tty" ||
		problems="$problems no progress with the error count;"
	untouched
	done_case
else
	skip terminal "no script(1) to make a pseudo-terminal"
fi

# Pathological shapes at the 8 MiB limit (genshapes.c): those of kenshu's own stages build,
# in time linear in their size (make bench times them); those cmark-gfm 0.29 would take
# quadratic time over are refused at their line before it parses them.
for shape in links images terms headings anchors definitions english nested; do
	fresh "shape-$shape"
	"$genshapes" "$shape" "$proj"
	# A bound far above the seconds these take, so that quadratic time fails rather than hangs.
	status=0
	(cd "$proj" && exec timeout 300 "$kenshu" build -q --no-zip) 2>"$tmp/$name.err" || status=$?
	expect 0 </dev/null
	leftovers
	done_case
done
for shape in brackets:4:597 quotes:4:1 lists:4:1 table:4:259; do
	at=${shape#*:}
	shape=${shape%%:*}
	fresh "shape-$shape"
	"$genshapes" "$shape" "$proj"
	build
	case $shape in
	brackets) what="more than 100 '[' open at once in one paragraph: cmark-gfm would take time quadratic in them (write \\[ for a bracket that opens no link)" ;;
	table) what="a table row of more than 128 cells: cmark-gfm would take time quadratic in them (write \\| for a '|' that divides no cells)" ;;
	*) what="more than 32 quotes and lists open on one line: cmark-gfm would take time quadratic in them" ;;
	esac
	# Not through a pipe: expect must run in this shell, where its findings are counted.
	printf 'content/lessons/01-basics/09-shape.md:%s: error: %s\n%s\n' "$at" "$what" \
		"kenshu: 1 error, 0 warnings: nothing written; the previous site is unchanged" >"$tmp/$name.want"
	expect 1 <"$tmp/$name.want"
	untouched
	done_case
done

echo "hostile input: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
