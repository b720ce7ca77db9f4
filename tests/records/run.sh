#!/bin/sh
# "kenshu records merge" on the cases in tests/records/cases: each folder holds the input
# files, args (the arguments after "records merge"), status (the exit status expected) and
# expected (stderr, exactly); expected-roster.csv, when there, is compared byte for byte with
# the roster written, every line of expected-report must appear in the HTML report and no
# line of absent-report may, and each file named in unchanged must be as it was. The workbook
# (--xlsx) is read back by xlsx.py (python3's zipfile and xml.etree, not the library that
# wrote it): every line of expected-xlsx must be one of its lines, and no line of absent-xlsx
# may appear in them. A case's lang, when there, is the locale the command runs in (LANG, with
# LC_ALL, LC_MESSAGES and LANGUAGE unset): ja_JP.UTF-8 for its messages in Japanese. Cases
# with large or special inputs (a FIFO, a file over the size limit, a full disk) are made
# here, at test time, and checked the same way. The time zone is Tokyo's: the workbook shows
# a UTC time of an older export in the computer's.
# Usage: sh tests/records/run.sh KENSHU
set -u

if [ $# -ne 1 ]; then
	echo "usage: sh tests/records/run.sh KENSHU" >&2
	exit 2
fi
kenshu=$1
case $kenshu in
/*) ;;
*) kenshu=$(pwd)/$kenshu ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
TZ=Asia/Tokyo
export TZ
tmp=$(mktemp -d)
mounted=""
cleanup() {
	[ -z "$mounted" ] || umount "$mounted" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail=0
n=0
fsize=unlimited # a file size limit for run_case (ulimit -f)
check() {
	echo "records: $1: $2" >&2
	fail=$((fail + 1))
}

# Run the case in folder $1 (a copy; $2 is the original, or empty), named $3. A hang (a FIFO
# waited on) fails after 30 seconds instead of stopping the suite.
run_case() {
	work=$1
	orig=$2
	name=$3
	n=$((n + 1))
	# shellcheck disable=SC2046
	(cd "$work" && trap '' XFSZ && { [ "$fsize" = unlimited ] || ulimit -f "$fsize"; } &&
		{ [ ! -f lang ] || { unset LC_ALL LC_MESSAGES LANGUAGE && LANG=$(cat lang) && export LANG; }; } &&
		exec timeout 30 "$kenshu" records merge $(cat args) 2>stderr.out)
	status=$?
	want=$(cat "$work/status")
	[ "$status" -eq "$want" ] || check "$name" "exit status $status, expected $want"
	if ! cmp -s "$work/stderr.out" "$work/expected"; then
		check "$name" "diagnostics differ:"
		diff "$work/expected" "$work/stderr.out" >&2
	fi
	if [ -f "$work/expected-roster.csv" ] && ! cmp -s "$work/roster.csv" "$work/expected-roster.csv"; then
		check "$name" "roster.csv differs:"
		diff "$work/expected-roster.csv" "$work/roster.csv" >&2
	fi
	if [ -f "$work/expected-report" ]; then
		while IFS= read -r line; do
			grep -qF -- "$line" "$work/report.html" || check "$name" "report.html lacks: $line"
		done <"$work/expected-report"
	fi
	if [ -f "$work/absent-report" ]; then
		while IFS= read -r line; do
			! grep -qF -- "$line" "$work/report.html" || check "$name" "report.html has: $line"
		done <"$work/absent-report"
	fi
	if [ -f "$work/expected-xlsx" ]; then
		xlsx=$(sed -n 's/.*--xlsx \([^ ]*\).*/\1/p' "$work/args")
		if ! python3 "$here/xlsx.py" "$work/$xlsx" >"$work/xlsx.out"; then
			check "$name" "$xlsx cannot be read as a workbook"
		fi
		while IFS= read -r line; do
			grep -qxF -- "$line" "$work/xlsx.out" || check "$name" "$xlsx lacks: $line"
		done <"$work/expected-xlsx"
		if [ -f "$work/absent-xlsx" ]; then
			while IFS= read -r line; do
				! grep -qF -- "$line" "$work/xlsx.out" || check "$name" "$xlsx has: $line"
			done <"$work/absent-xlsx"
		fi
	fi
	if [ -f "$work/unchanged" ]; then
		while IFS= read -r file; do
			cmp -s "$orig/$file" "$work/$file" || check "$name" "$file was changed"
		done <"$work/unchanged"
	fi
}

for dir in "$here"/cases/*/; do
	name=$(basename "$dir")
	cp -R "$dir" "$tmp/$name"
	run_case "$tmp/$name" "$dir" "$name"
done

# Generated cases: make_case NAME ARGS STATUS, then the expected stderr on standard input.
header=type,site,course,item,title,version,attempt,score,max,pass,result,date,recorded,build,integrity,learner.employee_id
make_case() {
	gen=$tmp/gen/$1
	mkdir -p "$gen"
	echo "$2" >"$gen/args"
	echo "$3" >"$gen/status"
	cat >"$gen/expected"
	printf '%s\nquiz,sec,,basics,基礎テスト,,1,90,100,80,pass,2026-04-01,,b1,x,1001\n' "$header" >"$gen/good.csv"
}

# Not regular files: a FIFO (waited on for a writer before) and /dev/zero (read without end),
# refused before they are opened; a FIFO as the staff list stops the merge.
make_case not-regular-exports 'pipe.csv /dev/zero good.csv' 1 <<'EOF'
pipe.csv: error: not a regular file
/dev/zero: error: not a regular file
kenshu: 1 records from 3 files into roster.csv, 2 rejected
EOF
mkfifo "$gen/pipe.csv"
run_case "$gen" "" not-regular-exports
make_case not-regular-staff 'good.csv --staff staff.csv' 1 <<'EOF'
staff.csv: error: not a regular file
EOF
mkfifo "$gen/staff.csv"
run_case "$gen" "" not-regular-staff

# A file over the size limit (sparse: nothing large is written), refused before it is read.
make_case file-too-large 'big.csv good.csv' 1 <<'EOF'
big.csv: error: file is 34603008 bytes, larger than the limit of 32 MiB
kenshu: 1 records from 2 files into roster.csv, 1 rejected
EOF
dd if=/dev/zero of="$gen/big.csv" bs=1048576 count=0 seek=33 2>/dev/null
run_case "$gen" "" file-too-large

# One new learner field per record: refused after 64 (the roster was records x fields).
make_case learner-field-limit 'fields.json' 1 <<'EOF'
fields.json:65: error: more than 64 learner fields in the merge: 'f64' refused
fields.json:66: error: more than 64 learner fields in the merge: 'f65' refused
kenshu: 63 records from 1 files into roster.csv, 2 rejected
EOF
awk 'BEGIN {
	print "["
	for (i = 1; i <= 65; i++)
		printf "{\"type\": \"quiz\", \"site\": \"s\", \"quiz\": \"q\", \"title\": \"t\", \"score\": 1, \"max\": 1, \"pass\": 1, \"result\": \"pass\", \"attempt\": 1, \"date\": \"2026-04-01\", \"learner\": {\"employee_id\": \"%d\", \"f%d\": \"v\"}}%s\n", i, i, i < 65 ? "," : ""
	print "]"
}' >"$gen/fields.json"
run_case "$gen" "" learner-field-limit

# One new test per record: refused after 100 (each is a table of who has not passed).
make_case test-limit 'tests.csv' 1 <<'EOF'
tests.csv:102: error: more than 100 tests and documents in the merge: test 'q101' of site 's' refused
kenshu: 100 records from 1 files into roster.csv, 1 rejected
EOF
awk -v h="$header" 'BEGIN {
	print h
	for (i = 1; i <= 101; i++)
		printf "quiz,s,,q%d,t,,1,1,1,1,pass,2026-04-01,,,,1\n", i
}' >"$gen/tests.csv"
run_case "$gen" "" test-limit

# More records than a merge takes: one error, the rest left out.
make_case record-limit 'records.csv' 1 <<'EOF'
records.csv:200002: error: more than 200000 records in the merge: this one and the rest are left out
kenshu: 200000 records from 1 files into roster.csv, 2 rejected
EOF
awk -v h="$header" 'BEGIN {
	print h
	for (i = 1; i <= 200002; i++)
		printf "quiz,s,,q,t,,1,1,1,1,pass,2026-04-01,,,,%d\n", i
}' >"$gen/records.csv"
run_case "$gen" "" record-limit

# Long cells: a 4,000-byte column name is quoted in 40 characters, a 5,000-byte cell refused.
make_case long-cells 'header.csv cell.csv' 1 <<'EOF'
header.csv:1: error: wrong header: unknown column 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz...' (expected a kenshu records export)
cell.csv:2: error: a cell longer than 4096 bytes
kenshu: 0 records from 2 files into roster.csv, 2 rejected
EOF
awk -v h="$header" 'BEGIN {
	s = "zzzzzzzzzz"
	while (length(s) < 5000)
		s = s s
	printf "%s,%s\n", h, substr(s, 1, 4000) >"'"$gen"'/header.csv"
	printf "%s\nquiz,sec,,basics,%s,,1,90,100,80,pass,2026-04-01,,b1,x,1001\n", h, substr(s, 1, 5000) >"'"$gen"'/cell.csv"
}'
run_case "$gen" "" long-cells

# A full disk: a 64 KiB tmpfs filled up when mounting is allowed (root), or else a file size
# limit (ulimit -f, with SIGXFSZ ignored so that writes fail with EFBIG). The command fails
# with exit status 3 and claims nothing written; the previous roster and report stay whole
# and no temporary file is left beside them.
make_case full-disk 'good.csv -o disk/roster.csv --html disk/report.html' 3 </dev/null
awk -v h="$header" 'BEGIN {
	print h
	for (i = 1; i <= 100; i++)
		printf "quiz,sec,,basics,基礎テスト,,1,90,100,80,pass,2026-04-01,,b1,x,%d\n", i
}' >"$gen/good.csv"
mkdir "$gen/disk" "$gen/before"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k kenshu-records "$gen/disk" 2>/dev/null; then
	mounted=$gen/disk
	echo 'disk/roster.csv: error: cannot write: No space left on device' >"$gen/expected"
	echo "records: full disk: a 64 KiB tmpfs"
else
	fsize=1
	echo 'disk/roster.csv: error: cannot write: File too large' >"$gen/expected"
	echo "records: full disk: no tmpfs could be mounted (not root?); a file size limit instead"
fi
echo 'previous roster' >"$gen/disk/roster.csv"
echo 'previous report' >"$gen/disk/report.html"
cp "$gen/disk/roster.csv" "$gen/disk/report.html" "$gen/before/"
[ -z "$mounted" ] || dd if=/dev/zero of="$gen/disk/filler" bs=4096 2>/dev/null
run_case "$gen" "" full-disk
fsize=unlimited
for file in roster.csv report.html; do
	cmp -s "$gen/before/$file" "$gen/disk/$file" || check full-disk "disk/$file was changed"
done
for file in "$gen"/disk/* "$gen"/disk/.[!.]*; do
	case ${file##*/} in
	roster.csv | report.html | filler | '*' | '.[!.]*') ;;
	*) check full-disk "left behind: ${file##*/}" ;;
	esac
done
if [ -n "$mounted" ]; then
	umount "$mounted" && mounted=""
fi

# The workbook on a full disk: libxlsxwriter's failure is kenshu's diagnostic alone, the
# roster written beside it is not put in place either, and nothing is left behind.
make_case full-disk-xlsx 'good.csv -o roster.csv --xlsx disk/roster.xlsx' 3 </dev/null
mkdir "$gen/disk"
echo 'previous roster' >"$gen/roster.csv"
echo 'previous workbook' >"$gen/disk/roster.xlsx"
# (a roster of one record is written within the file size limit, the workbook is not)
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k kenshu-records "$gen/disk" 2>/dev/null; then
	mounted=$gen/disk
	echo 'previous workbook' >"$gen/disk/roster.xlsx"
	dd if=/dev/zero of="$gen/disk/filler" bs=4096 2>/dev/null
	echo 'disk/roster.xlsx: error: cannot write: No space left on device' >"$gen/expected"
else
	fsize=1
	echo 'disk/roster.xlsx: error: cannot write: File too large' >"$gen/expected"
fi
run_case "$gen" "" full-disk-xlsx
fsize=unlimited
[ "$(cat "$gen/roster.csv")" = 'previous roster' ] || check full-disk-xlsx "roster.csv was changed"
[ "$(cat "$gen/disk/roster.xlsx")" = 'previous workbook' ] || check full-disk-xlsx "disk/roster.xlsx was changed"
for file in "$gen"/disk/* "$gen"/disk/.[!.]* "$gen"/.[!.]*; do
	case ${file##*/} in
	roster.xlsx | filler | '*' | '.[!.]*') ;;
	*) check full-disk-xlsx "left behind: ${file##*/}" ;;
	esac
done
if [ -n "$mounted" ]; then
	umount "$mounted" && mounted=""
fi

# Usage and I/O errors.
n=$((n + 2))
"$kenshu" records merge 2>/dev/null
[ $? -eq 2 ] || check usage "no files should give exit status 2"
(cd "$tmp" && "$kenshu" records merge missing.csv 2>stderr.out)
status=$?
[ "$status" -eq 3 ] || check io "a missing file should give exit status 3, not $status"
grep -q '^missing.csv: error: cannot read: ' "$tmp/stderr.out" || check io "no 'cannot read' diagnostic"

if [ "$fail" -ne 0 ]; then
	echo "records: $fail of $n checks failed" >&2
	exit 1
fi
echo "records: $n cases passed"
