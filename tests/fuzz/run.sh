#!/bin/sh
# Run the fuzz targets one after another: usage run.sh BUILD SECONDS TARGET...
# Each replays its regression inputs (earlier findings, which must stay fixed), then fuzzes
# for SECONDS (at the lowest priority) and prints libFuzzer's last status line.
set -eu
build=$(cd "$1" && pwd) # absolute: the targets work in a folder of their own
seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
status=0
for t in "$@"; do
	bin=$build/fuzz_$t
	regress=$(find "$here/regress/$t" -type f 2>/dev/null | sort)
	if [ -n "$regress" ]; then
		# shellcheck disable=SC2086
		if ! "$bin" -close_fd_mask=2 $regress >"$build/fuzz_$t.replay" 2>&1; then
			cat "$build/fuzz_$t.replay"
			echo "FAIL fuzz_$t: a regression input fails again"
			status=1
			continue
		fi
		echo "fuzz_$t: $(echo "$regress" | wc -l) regression inputs replayed"
	fi
	[ "$seconds" -gt 0 ] || continue
	mkdir -p "$build/corpus/$t" "$build/findings"
	if nice -n 19 "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$build/findings/$t-" \
		"$build/corpus/$t" "$here/corpus/$t" >"$build/fuzz_$t.log" 2>&1; then
		line=$(grep -E '^#[0-9]+' "$build/fuzz_$t.log" | tail -1)
		echo "fuzz_$t: ${seconds}s, no finding: $line"
	else
		tail -60 "$build/fuzz_$t.log"
		echo "FAIL fuzz_$t: a finding, see $build/fuzz_$t.log and $build/findings/"
		status=1
	fi
done
exit $status
