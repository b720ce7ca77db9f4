#!/bin/sh
# Bench for "kenshu records merge": 100,000 records from 50 branch exports (CSV with BOM and
# CRLF, 2,000 rows each, 10,000 learners taking 5 tests twice), merged with the HTML report,
# then also with the Excel workbook; prints the median wall time of RUNS runs of each.
# Usage: sh tests/bench/records.sh KENSHU [RUNS]
set -eu
kenshu=$1
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk -v dir="$tmp" 'BEGIN {
	head = "type,site,course,item,title,version,attempt,score,max,pass,result,date,recorded,build,integrity,learner.name,learner.employee_id,learner.branch"
	for (f = 0; f < 50; f++) {
		file = sprintf("%s/branch-%02d.csv", dir, f)
		printf "\357\273\277%s\r\n", head > file
		for (i = 0; i < 2000; i++) {
			n = f * 2000 + i
			learner = int(n / 10); test = n % 5; attempt = int(n / 5) % 2 + 1
			score = (n * 37) % 101
			result = "fail"
			if (score >= 80) result = "pass"
			printf("quiz,bench,ベンチ研修,t%d,テスト%d,,%d,%d,100,80,%s,2026-04-%02dT%02d:%02d:%02d.000Z,,b1,self-reported,受講者%d,%d,支店%02d\r\n", \
				test, test, attempt, score, result, 1 + n % 28, n % 24, n % 60, attempt, \
				learner, 100000 + learner, f) >> file
		}
		close(file)
	}
}'

# median ARGS...: the median wall time of RUNS merges with ARGS after the inputs.
median() {
	times=""
	i=0
	while [ "$i" -lt "$runs" ]; do
		start=$(date +%s.%N)
		"$kenshu" records merge "$tmp"/branch-*.csv -o "$tmp/roster.csv" "$@" 2>/dev/null
		end=$(date +%s.%N)
		times="$times $(awk "BEGIN { print $end - $start }")"
		i=$((i + 1))
	done
	printf '%s\n' $times | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
html=$(median --html "$tmp/report.html")
xlsx=$(median --html "$tmp/report.html" --xlsx "$tmp/roster.xlsx")
rows=$(($(wc -l <"$tmp/roster.csv") - 1))
printf 'records merge: %d records from 50 files in %.3f s (median of %d)\n' "$rows" "$html" "$runs"
printf 'records merge --xlsx: the same and the workbook (%d KiB) in %.3f s (median of %d)\n' \
	"$(($(wc -c <"$tmp/roster.xlsx") / 1024))" "$xlsx" "$runs"
