#!/bin/sh
# The records server, "kenshu serve --records": bad requests (bad.py) and a load test with the
# server killed midway (load.py), on the course "kenshu new" writes, built here.
# Usage: sh tests/serve/run.sh KENSHU. Needs python3 (its http.client and sqlite3).
set -eu

if [ $# -ne 1 ]; then
	echo "usage: sh tests/serve/run.sh KENSHU" >&2
	exit 2
fi
kenshu=$1
case $kenshu in
/*) ;;
*) kenshu=$(pwd)/$kenshu ;;
esac
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$kenshu" new "$tmp/course" >/dev/null
"$kenshu" build -q -C "$tmp/course" --no-zip
printf 'correct-horse\n' | "$kenshu" passwd "$tmp/course/admin.pw" 2>/dev/null
printf '社員番号,氏名,所属\n00001,社員 1,大阪支店\n09999,新人,本社\n' >"$tmp/course/staff.csv"
mkdir "$tmp/run"
python3 "$here/bad.py" "$kenshu" "$tmp/course" "$tmp/run"
python3 "$here/load.py" "$kenshu" "$tmp/course" "$tmp/run"
echo "serve: bad requests and the load test passed"
