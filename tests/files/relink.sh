#!/bin/sh
# Only changed files are written: a rebuild links every file whose bytes did not change from
# the previous site (same inode, stat -c %i) and writes the others anew (a new inode); the
# result equals a build from scratch; a failed rebuild leaves the previous site with the same
# bytes and inodes; a previous file that cannot be reused (made unreadable, edited by hand
# with its size and time kept) is written anew; an output that is a mount point (root only)
# is linked the same way.
#
# Usage: relink.sh KENSHU
set -eu
kenshu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
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
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL relink $case: $*"
}

proj=$tmp/proj
cp -R "$here/../bad/base" "$proj"
lessons=$proj/content/lessons/01-basics
for n in 3 4 5 6; do
	printf -- '---\ntitle: レッスン%s\n---\nレッスン%sの本文です。\n\n![図](../../img/fig%s.png)\n' \
		"$n" "$n" "$n" >"$lessons/0$n-lesson$n.md"
done
mkdir -p "$proj/content/img"
for n in 3 4 5 6; do printf 'PNG%s' "$n" >"$proj/content/img/fig$n.png"; done
# build DIR: build the project into DIR; 0 or the exit status, standard error in $tmp/err.
build() {
	(cd "$proj" && exec "$kenshu" build -q --no-zip -o "$1") 2>"$tmp/err"
}

# inodes DIR: every file of the site as "inode name", sorted by name; not the marker that
# tells kenshu the folder is a site it built, which every build writes.
inodes() {
	(cd "$1" && find . -type f ! -name .kenshu -exec stat -c '%i %n' {} + | sort -k 2)
}

# snapshot DIR: every file's inode, checksum and name.
snapshot() {
	(cd "$1" && find . -type f -exec sh -c 'for f; do printf "%s " "$(stat -c %i "$f")"; cksum "$f"; done' sh {} + | sort -k 4)
}

# relinked OLD NEW: from copies of the previous site (OLD, with its inode list in OLD.ino)
# and the site now (NEW), check that each file kept its inode exactly when its bytes are the
# same; the names of the files kept go to $tmp/kept, of those written to $tmp/written.
relinked() {
	: >"$tmp/kept"
	: >"$tmp/written"
	inodes "$2" >"$tmp/new.ino"
	while read -r ino name; do
		was=$(awk -v n="$name" '$2 == n { print $1 }' "$1.ino")
		if [ -n "$was" ] && cmp -s "$1/$name" "$2/$name"; then
			[ "$ino" = "$was" ] || bad "$name has the same bytes but was written anew"
			echo "$name" >>"$tmp/kept"
		else
			[ "$ino" != "$was" ] || bad "$name changed but kept its inode"
			echo "$name" >>"$tmp/written"
		fi
	done <"$tmp/new.ino"
}

# keep DIR: a copy of the site now (bytes) and its inodes, to compare the next build with.
keep() {
	rm -rf "$tmp/prev"
	cp -R "$1" "$tmp/prev"
	inodes "$1" >"$tmp/prev.ino"
}

# fresh: the project built from scratch into an empty folder, to compare with.
fresh() {
	rm -rf "$tmp/scratch"
	build "$tmp/scratch" || bad "the build from scratch failed: $(cat "$tmp/err")"
}

same_as_fresh() {
	fresh
	if diff -r "$tmp/scratch" "$1" >"$tmp/diff"; then ok; else
		bad "the site differs from a build from scratch:"
		head -20 "$tmp/diff"
	fi
}

out=$tmp/out/public
case=first
build "$out" || bad "build failed: $(cat "$tmp/err")"

# Nothing changed: every file is linked, none written.
case=unchanged
keep "$out"
build "$out" || bad "build failed: $(cat "$tmp/err")"
relinked "$tmp/prev" "$out"
if [ ! -s "$tmp/written" ] && [ -s "$tmp/kept" ]; then ok; else
	bad "files written anew: $(tr '\n' ' ' <"$tmp/written")"
fi

# One lesson's text changed: its page and the search index are written, the other pages,
# the images and the theme's files kept; the site is the one a build from scratch gives.
case=one-lesson
keep "$out"
printf '\n追記した段落。\n' >>"$lessons/04-lesson4.md"
build "$out" || bad "build failed: $(cat "$tmp/err")"
relinked "$tmp/prev" "$out"
for f in ./basics-lesson4.html ./assets/search-index.js; do
	if grep -qx "$f" "$tmp/written"; then ok; else bad "$f was not written anew"; fi
done
for f in ./basics-lesson3.html ./basics-lesson5.html ./index.html ./assets/style.css ./assets/kenshu.js; do
	if grep -qx "$f" "$tmp/kept"; then ok; else bad "$f was not kept"; fi
done
if [ "$(grep -c '^\./assets/media/' "$tmp/kept")" -eq 4 ]; then ok; else bad "the images were not all kept: $(cat "$tmp/kept")"; fi
same_as_fresh "$out"

# One lesson's title changed: the pages that list it (every page's navigation) are written,
# the other images and the theme's files kept.
case=title
keep "$out"
sed -i 's/^title: レッスン5$/title: 改題したレッスン/' "$lessons/05-lesson5.md"
build "$out" || bad "build failed: $(cat "$tmp/err")"
relinked "$tmp/prev" "$out"
for f in ./basics-lesson4.html ./basics-lesson5.html ./basics-lesson6.html; do
	if grep -qx "$f" "$tmp/written"; then ok; else bad "$f was not written anew"; fi
done
if grep -qx ./assets/style.css "$tmp/kept"; then ok; else bad "the stylesheet was not kept"; fi
same_as_fresh "$out"

# One image replaced: only that file is written.
case=image
keep "$out"
printf 'PNG-new' >"$proj/content/img/fig6.png"
build "$out" || bad "build failed: $(cat "$tmp/err")"
relinked "$tmp/prev" "$out"
if [ "$(grep -c . "$tmp/written")" -eq 1 ] && grep -q '^\./assets/media/fig6' "$tmp/written"; then ok; else
	bad "written anew: $(tr '\n' ' ' <"$tmp/written")"
fi
same_as_fresh "$out"

# A failed rebuild (a broken link): the previous site keeps its bytes and its inodes, and no
# staging folder is left.
case=failed
before=$(snapshot "$out")
printf '\n[どこにもない](nowhere.md)\n' >>"$lessons/03-lesson3.md"
if build "$out"; then bad "the build with a broken link succeeded"; fi
if [ "$before" = "$(snapshot "$out")" ]; then ok; else bad "the previous site changed"; fi
if [ -z "$(find "$tmp/out" -name '.*kenshu-*')" ]; then ok; else bad "a staging folder was left"; fi
sed -i '/nowhere\.md/d' "$lessons/03-lesson3.md"

# A previous file that must not be reused is written anew, whole and readable: one made
# unreadable (mode 000: the build either cannot read it or finds its mode is not the one a
# new file gets), one edited by hand with its size and modification time kept (only a
# comparison of the bytes sees it), and a FIFO put in a page's place (which must not stop the
# build, bounded by timeout).
case=not-reused
build "$out" || bad "build failed: $(cat "$tmp/err")"
inodes "$out" >"$tmp/before.ino"
# Held by a second name, the three pages' inode numbers cannot be given to the new files
# (ext4 soon reuses a freed number, and the new page would look kept).
for n in 3 4 5; do ln "$out/basics-lesson$n.html" "$tmp/held$n"; done
chmod 000 "$out/basics-lesson3.html"
page=$out/basics-lesson4.html
cp -p "$page" "$tmp/page"
sed -i 's/追記した段落/追記した段罫/' "$page"
touch -r "$tmp/page" "$page"
rm "$out/basics-lesson5.html"
mkfifo "$out/basics-lesson5.html"
if [ "$(stat -c %s "$page")" = "$(stat -c %s "$tmp/page")" ] && ! cmp -s "$page" "$tmp/page"; then ok; else
	bad "the hand edit did not keep the size or did not change the page"
fi
(cd "$proj" && exec timeout -s KILL 60 "$kenshu" build -q --no-zip -o "$out") 2>"$tmp/err" ||
	bad "build failed: $(cat "$tmp/err")"
inodes "$out" >"$tmp/after.ino"
diff "$tmp/before.ino" "$tmp/after.ino" | sed -n 's/^> [0-9]* //p' >"$tmp/written"
if [ "$(tr '\n' ' ' <"$tmp/written")" = "./basics-lesson3.html ./basics-lesson4.html ./basics-lesson5.html " ]; then ok; else
	bad "written anew: $(tr '\n' ' ' <"$tmp/written"), not the three pages"
fi
if [ "$(stat -c %a "$out/basics-lesson3.html")" = "$(stat -c %a "$out/index.html")" ]; then ok; else
	bad "the unreadable page was not written with a new file's mode"
fi
same_as_fresh "$out"

# An output that is a mount point is updated entry by entry, and links all the same.
case=mount-point
mnt=$tmp/mnt
mkdir -p "$mnt"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=16m kenshu-relink "$mnt" 2>/dev/null; then
	mounted=$mnt
	build "$mnt" || bad "build failed: $(cat "$tmp/err")"
	keep "$mnt"
	printf '\nもう一つの段落。\n' >>"$lessons/06-lesson6.md"
	build "$mnt" || bad "build failed: $(cat "$tmp/err")"
	relinked "$tmp/prev" "$mnt"
	if grep -qx ./basics-lesson6.html "$tmp/written" && grep -qx ./basics-lesson3.html "$tmp/kept"; then ok; else
		bad "kept: $(tr '\n' ' ' <"$tmp/kept"); written: $(tr '\n' ' ' <"$tmp/written")"
	fi
	same_as_fresh "$mnt"
	umount "$mnt" && mounted=""
else
	skipped=$((skipped + 1))
	echo "relink: skipped the mount point (mounting a tmpfs needs root)"
fi

echo "only changed files written: $pass passed, $fail failed, $skipped skipped"
[ "$fail" -eq 0 ]
