#!/bin/sh
# make test-asan: the whole API suite (tests/run.sh) against build/asr-asan.so,
# the test module under AddressSanitizer and UBSan, loaded into kore with
# libasan preloaded. Sanitizers report into build/asan/logs (log_path) and
# the servers' own logs stay under build/asan/pytest; any report fails the
# run, printed with its frames symbolized offline (ASan's symbolizer would
# fork inside the seccomp sandbox).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
out=$ROOT/build/asan
rm -rf "$out"
mkdir -p "$out/logs"

ASR_KORE_PRELOAD=$(gcc -print-file-name=libasan.so)
ASR_TEST_MODULE=$ROOT/build/asr-asan.so
# Leaks: kore itself frees little at exit, and LeakSanitizer's ptrace-like
# calls are not in the sandbox; the unit tests check leaks in src/core.
ASAN_OPTIONS=detect_leaks=0:symbolize=0:abort_on_error=0:verify_asan_link_order=0:log_path=$out/logs/asan
UBSAN_OPTIONS=print_stacktrace=1:symbolize=0:halt_on_error=0:log_path=$out/logs/ubsan
export ASR_KORE_PRELOAD ASR_TEST_MODULE ASAN_OPTIONS UBSAN_OPTIONS

rc=0
PYTEST="--basetemp=$out/pytest ${PYTEST:-tests/api}" tests/run.sh || rc=$?

# Reports: log_path files, and anything written to the servers' stdout.
reports=$(find "$out/logs" -type f 2>/dev/null | sort)
grep -l -E 'ERROR: AddressSanitizer|runtime error:|SUMMARY: (Address|Undefined)' \
    $(find "$out/pytest" -name '*.log' 2>/dev/null) /dev/null >"$out/hits" || true
if [ -n "$reports" ] || [ -s "$out/hits" ]; then
	echo "== sanitizer reports"
	for f in $reports $(cat "$out/hits"); do
		echo "-- $f"
		grep -E 'ERROR|runtime error|SUMMARY|#[0-9]+ ' "$f" | head -60 |
		while IFS= read -r line; do
			echo "$line"
			mod=$(echo "$line" | sed -n 's/.*(\([^()+]*\)+\(0x[0-9a-f]*\)).*/\1 \2/p')
			[ -n "$mod" ] || continue
			# shellcheck disable=SC2086
			set -- $mod
			case "$1" in
			*asr-asan.so) addr2line -f -i -C -e "$1" "$2" |
			    paste -sd' ' | sed 's/^/      = /' ;;
			esac
		done
	done
	[ "$rc" -ne 0 ] || rc=1
else
	echo "== test-asan: no sanitizer report"
fi
exit "$rc"
