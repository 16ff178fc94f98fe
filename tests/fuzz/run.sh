#!/bin/sh
# make fuzz: runs each harness given for FUZZ_SECONDS from its seed corpus
# (tests/fuzz/corpus/<name>, read) and a working corpus (build/fuzz/corpus,
# grown), then prints one line per harness: executions, coverage, new
# inputs. A crash leaves build/fuzz/crash-<name>-* and fails the run: fix
# it, then keep the input in tests/fuzz/regress/<name>/.
# With --replay: runs every seed and regression input once (make test).
set -eu

replay=0
if [ "${1:-}" = "--replay" ]; then
	replay=1
	shift
fi
seconds=${FUZZ_SECONDS:-60}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
status=0
count=$#

for bin in "$@"; do
	name=${bin##*/fuzz_}
	seeds=tests/fuzz/corpus/$name
	regress=tests/fuzz/regress/$name
	set -- "$seeds"
	[ -d "$regress" ] && set -- "$@" "$regress"
	if [ "$replay" -eq 1 ]; then
		files=$(find "$@" -type f | sort)
		# shellcheck disable=SC2086
		if ! "$bin" -runs=0 $files >build/fuzz/replay-$name.log 2>&1
		then
			echo "fuzz-regress: $name FAILED (build/fuzz/replay-$name.log)"
			status=1
		fi
		continue
	fi
	work=build/fuzz/corpus/$name
	log=build/fuzz/$name.log
	mkdir -p "$work"
	if ! "$bin" -max_total_time="$seconds" -print_final_stats=1 \
	    -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
	    -artifact_prefix="build/fuzz/crash-$name-" \
	    "$work" "$@" >"$log" 2>&1; then
		echo "fuzz: $name CRASHED, see $log and build/fuzz/crash-$name-*"
		status=1
		continue
	fi
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
	printf 'fuzz: %-10s %10s execs in %ss, cov %s, ft %s, corpus %s\n' \
	    "$name" "$execs" "$seconds" "$cov" "$ft" \
	    "$(find "$work" -type f | wc -l)"
done
[ "$replay" -eq 0 ] || [ "$status" -ne 0 ] ||
    echo "fuzz-regress: $count harnesses replayed their seeds and regressions"
exit "$status"
