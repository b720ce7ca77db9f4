#!/bin/sh
# The manuals against the loaders. Every key that a loader accepts, that is every string of
# a "static const char *const NAME_keys[]" array in generator/*.c, must be an entry of
# kenshu(5) in English (doc/kenshu.5) and in Japanese (doc/ja/kenshu.5): a line ".TP", then
# ".B KEY" (or ".B PARENT.KEY"), inside the block that a comment line
#   .\" keys: FILE ARRAY...
# opens for the array and a line
#   .\" end keys
# closes. Blocks nest; an entry belongs to the innermost block, where it must name one of
# that block's keys. A key is also documented by an entry PARENT... of a block nested
# directly in its own (site.yaml's "quiz" by "quiz.pass" in quiz_keys' block).
#
# So that no key escapes the arrays: every key a loader reads by its name (ynode_get,
# key_node, need_text, yaml_misspelt with a string) must be in an array of its file, every
# key read by a name in a variable must be one of those known here, and every list of keys
# that yaml_check_keys checks must be such an array.
#
# Then the checker itself: a copy of each manual without one entry must fail, naming the key
# and the manual. Last, the four manual pages render with no warning, and no line break of
# the Japanese pages' text follows a Japanese character (groff would print a space there).
# Usage: sh tests/manuals/run.sh
set -u
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
LC_ALL=C
export LC_ALL
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	echo "FAIL $*"
}

# FILE ARRAY KEY, one a line, for every key of every *_keys array of generator/*.c.
for f in generator/*.c; do
	awk -v file="${f#generator/}" '
	/^static const char \*const [A-Za-z0-9_]+_keys\[\] = \{/ {
		match($0, /[A-Za-z0-9_]+_keys\[\]/)
		name = substr($0, RSTART, RLENGTH - 2)
		inarr = 1
		$0 = substr($0, index($0, "{"))
	}
	inarr {
		line = $0
		while (match(line, /"[^"]*"/)) {
			print file, name, substr(line, RSTART + 1, RLENGTH - 2)
			line = substr(line, RSTART + RLENGTH)
		}
		if ($0 ~ /\};/)
			inarr = 0
	}' "$f"
done >"$tmp/keys"

if [ ! -s "$tmp/keys" ]; then
	bad "no *_keys array found in generator/*.c"
	echo "manuals: $pass passed, $fail failed"
	exit 1
fi

# The keys read by a name in a variable, not a string: what each one is.
#   yaml.c key            ynode_get itself and yaml_misspelt, which take the caller's key
#   quiz.c key            need_text and key_node, whose callers pass a string (read below
#                         and above)
#   quiz.c q->groups[j]   the groups of "draw: {GROUP: N}", named by the author
#   theme.c lang          the language of strings.yaml (ja, en), kenshu(5) THEMES
known_names='yaml.c:const char *key
yaml.c:key
quiz.c:const char *key
quiz.c:key
quiz.c:q->groups[j]
theme.c:lang'

for f in generator/*.c; do
	awk -v file="${f#generator/}" -v known="$known_names" -v keysfile="$tmp/keys" '
	BEGIN {
		while ((getline l < keysfile) > 0) {
			split(l, w, " ")
			if (w[1] == file) {
				inkeys[w[3]] = 1
				arrays[w[2]] = 1
			}
		}
		n = split(known, k, "\n")
		for (i = 1; i <= n; i++)
			knownname[k[i]] = 1
	}
	function trim(s) {
		sub(/^[ \t]+/, "", s)
		sub(/[ \t]+$/, "", s)
		return s
	}
	function literal(what, key) {
		if (!(key in inkeys))
			printf "generator/%s:%d: %s reads the key \"%s\", which is in no *_keys array of the file: add it to the array of the mapping it is read from, and to kenshu(5)\n", file, FNR, what, key
	}
	{
		line = $0
		# Innermost calls first, each replaced once read, so that nested calls are seen.
		while (match(line, /(ynode_get|key_node|yaml_misspelt|yaml_check_keys)\([^()]*\)/)) {
			call = substr(line, RSTART, RLENGTH)
			line = substr(line, 1, RSTART - 1) "CALL" substr(line, RSTART + RLENGTH)
			fn = substr(call, 1, index(call, "(") - 1)
			args = substr(call, index(call, "(") + 1)
			args = substr(args, 1, length(args) - 1)
			n = split(args, a, ",")
			if (fn == "yaml_check_keys") {
				arr = trim(a[3])
				if (file != "yaml.c" && arr != "keys" && !(arr in arrays))
					printf "generator/%s:%d: yaml_check_keys checks the keys of \"%s\", which is no *_keys array: name the array NAME_keys so that the manuals test reads it\n", file, FNR, arr
				continue
			}
			last = trim(a[n])
			if (last ~ /^"[^"]*"$/)
				literal(fn, substr(last, 2, length(last) - 2))
			else if (!((file ":" last) in knownname))
				printf "generator/%s:%d: %s reads a key named by \"%s\", unknown to tests/manuals/run.sh: make it a string in a *_keys array, or add it to known_names there with what it is\n", file, FNR, fn, last
		}
		# need_text(file, map, allowed, "key", ...): the key is its fourth argument.
		line = $0
		while (match(line, /need_text\([^,()]*,[^,()]*,[^,()]*, *"[^"]*"/)) {
			call = substr(line, RSTART, RLENGTH)
			line = substr(line, RSTART + RLENGTH)
			match(call, /"[^"]*"$/)
			literal("need_text", substr(call, RSTART + 1, RLENGTH - 2))
		}
	}' "$f"
done >"$tmp/reads"
if [ -s "$tmp/reads" ]; then
	bad "keys that the loaders read outside their *_keys arrays:"
	cat "$tmp/reads"
else
	ok
fi

# check MANUAL SHOWN: every key in $tmp/keys documented in MANUAL (named SHOWN); the
# problems on standard output, exit status 1 when there are any.
check() {
	awk -v shown="$2" -v keysfile="$tmp/keys" '
	BEGIN {
		while ((getline l < keysfile) > 0) {
			split(l, w, " ")
			a = w[1] " " w[2]
			if (!(a in arrkeys)) {
				narr++
				arrname[narr] = a
			}
			arrkeys[a] = arrkeys[a] " " w[3]
		}
		sp = 0
		problems = 0
	}
	function say(line, msg) {
		printf "%s:%d: %s\n", shown, line, msg
		problems++
	}
	# Whether entry name n documents key k: n is k or ends in ".k".
	function names(n, k) {
		return n == k || (length(n) > length(k) && substr(n, length(n) - length(k)) == "." k)
	}
	/^\.\\" keys: / {
		nb++
		bparent[nb] = sp ? stack[sp] : 0
		bline[nb] = FNR
		bfile[nb] = $3
		bn[nb] = 0
		for (i = 4; i <= NF; i++) {
			barr[nb, ++bn[nb]] = $3 " " $i
			nblocks[$3 " " $i]++
			blockof[$3 " " $i] = nb
		}
		if (bn[nb] == 0)
			say(FNR, "a keys comment that names no array")
		stack[++sp] = nb
		next
	}
	/^\.\\" end keys/ {
		if (sp == 0)
			say(FNR, "\"end keys\" with no block open")
		else
			sp--
		next
	}
	prev == ".TP" && /^\.B / {
		name = $2
		gsub(/"/, "", name)
		ne++
		ename[ne] = name
		eblock[ne] = sp ? stack[sp] : 0
		eline[ne] = FNR
	}
	{ prev = $0 }
	END {
		for (i = 1; i <= sp; i++)
			say(bline[stack[i]], "this keys block has no \"end keys\"")
		for (b = 1; b <= nb; b++)
			for (j = 1; j <= bn[b]; j++)
				if (!(barr[b, j] in arrkeys)) {
					split(barr[b, j], w, " ")
					say(bline[b], "the block names " w[2] " of generator/" w[1] ", and there is no such array")
				}
		for (i = 1; i <= narr; i++) {
			a = arrname[i]
			split(a, w, " ")
			where = "generator/" w[1] " " w[2]
			if (!(a in nblocks)) {
				say(0, "no block for " where " (a line \".\\\" keys: " w[1] " " w[2] "\" and its entries): none of its keys is documented")
				continue
			}
			if (nblocks[a] > 1)
				say(bline[blockof[a]], where " has " nblocks[a] " blocks; give it one")
			b = blockof[a]
			nk = split(arrkeys[a], ks, " ")
			for (k = 1; k <= nk; k++) {
				found = 0
				for (e = 1; e <= ne && !found; e++) {
					if (eblock[e] == b && names(ename[e], ks[k]))
						found = 1
					else if (eblock[e] && bparent[eblock[e]] == b && index(ename[e], ks[k] ".") == 1)
						found = 1
				}
				if (!found)
					say(bline[b], "key \"" ks[k] "\" of " where " is not documented: no \".TP\" then \".B " ks[k] "\" in its block")
			}
		}
		for (e = 1; e <= ne; e++) {
			b = eblock[e]
			if (!b)
				continue
			found = 0
			for (j = 1; j <= bn[b] && !found; j++) {
				nk = split(arrkeys[barr[b, j]], ks, " ")
				for (k = 1; k <= nk && !found; k++)
					if (names(ename[e], ks[k]))
						found = 1
			}
			if (!found)
				say(eline[e], "the entry \"" ename[e] "\" is no key of its block'"'"'s arrays (a key the loaders do not accept, or an entry in the wrong block)")
		}
		exit problems > 0
	}' "$1"
}

for m in doc/kenshu.5 doc/ja/kenshu.5; do
	if [ ! -f "$m" ]; then
		bad "$m does not exist"
	elif check "$m" "$m" >"$tmp/out"; then
		ok
	else
		bad "$m does not document every key the loaders accept:"
		cat "$tmp/out"
	fi
done
echo "manuals: $(wc -l <"$tmp/keys") keys in $(cut -d' ' -f1,2 "$tmp/keys" | sort -u | wc -l) arrays:" \
	"$(cut -d' ' -f1 "$tmp/keys" | uniq -c | awk '{ printf "%s%s %d", (NR > 1 ? ", " : ""), $2, $1 }')"

# The checker fails on a manual without an entry, and says which key and which manual.
for m in doc/kenshu.5 doc/ja/kenshu.5; do
	[ -f "$m" ] || continue
	for entry in brand.color records.learner_fields choices draw; do
		awk -v entry="$entry" '
		held != "" { if ($0 != ".B " entry) print held; else { held = ""; dropped++; next } held = "" }
		$0 == ".TP" && !dropped { held = $0; next }
		{ print }
		END { if (held != "") print held }' "$m" >"$tmp/cut.5"
		key=${entry#*.}
		if cmp -s "$m" "$tmp/cut.5"; then
			bad "$m: the self-test found no entry \"$entry\" to remove"
		elif check "$tmp/cut.5" "$m" >"$tmp/out"; then
			bad "$m without its entry \"$entry\" passed the check"
		elif grep -q "^$m:[0-9]*: key \"$key\" of generator/" "$tmp/out"; then
			ok
		else
			bad "$m without its entry \"$entry\": the check did not name the key and the manual:"
			cat "$tmp/out"
		fi
	done
done

# The pages render with no warning, with groff directly (-k: through preconv, for UTF-8) and
# through man.
for m in doc/kenshu.1 doc/kenshu.5 doc/ja/kenshu.1 doc/ja/kenshu.5; do
	[ -f "$m" ] || { bad "$m does not exist"; continue; }
	groff -k -man -Tutf8 -ww -z "$m" >"$tmp/out" 2>&1
	if [ -s "$tmp/out" ]; then
		bad "groff warns on $m:"
		cat "$tmp/out"
	else
		ok
	fi
	LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$m" 2>"$tmp/out" >/dev/null
	if [ -s "$tmp/out" ]; then
		bad "man -l warns on $m:"
		cat "$tmp/out"
	else
		ok
	fi
done

# In the Japanese pages, a text line that ends in a Japanese character and the text line after
# it would be joined by a space: the first must end with \c (not in .EX or .nf, and not for
# the tag line of a .TP, which the next line does not continue).
for m in doc/ja/kenshu.1 doc/ja/kenshu.5; do
	[ -f "$m" ] || continue
	awk -v m="$m" '
	/^\.(EX|nf)/ { nofill = 1 }
	/^\.(EE|fi)/ { nofill = 0 }
	/^[.\047]/ { tag = $0 == ".TP"; wide = 0; next }
	{
		if (wide)
			printf "%s:%d: a space would be printed between this line and the Japanese that ends the one before: end that one with \\c\n", m, FNR
		wide = !nofill && !tag && $0 ~ /[\200-\377]$/
		tag = 0
	}' "$m" >"$tmp/out"
	if [ -s "$tmp/out" ]; then
		bad "line breaks after Japanese characters in $m:"
		cat "$tmp/out"
	else
		ok
	fi
done

echo "manuals: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
