#!/bin/sh
# make test-valgrind: the Criterion unit tests (src/core), built without
# sanitizers (valgrind cannot run ASan's shadow memory), under memcheck.
# Criterion runs each test in a child process of its own: valgrind follows
# them (--trace-children) and writes one log per process into
# build/valgrind; any memcheck error (invalid read or write, use of an
# uninitialised value, a bad free, a definite or indirect leak) in any of
# them fails the run, as does a failed test. No suppression is needed
# today: libsodium and jansson run clean under memcheck (libsodium's
# constant-time code raises no "uninitialised" report once its buffers are
# written, and OpenSSL is not linked into src/core). Should one be needed,
# add it to tests/valgrind/suppressions.supp with a comment saying why it
# is a false positive; the file is used when present.
set -eu

bin=${1:-build/unit-tests-plain}
out=build/valgrind
rm -rf "$out"
mkdir -p "$out"

set -- --trace-children=yes --leak-check=full \
    --errors-for-leak-kinds=definite,indirect \
    --show-leak-kinds=definite,indirect --num-callers=30 \
    --log-file="$out/vg.%p.log"
[ -f tests/valgrind/suppressions.supp ] &&
    set -- "$@" --suppressions=tests/valgrind/suppressions.supp

start=$(date +%s)
rc=0
valgrind "$@" "$bin" --jobs=2 --short-filename >"$out/criterion.log" 2>&1 ||
    rc=$?
seconds=$(($(date +%s) - start))

logs=$(find "$out" -name 'vg.*.log' | wc -l)
bad=$(grep -L 'ERROR SUMMARY: 0 errors' "$out"/vg.*.log || true)
tail -n 3 "$out/criterion.log"
if [ -n "$bad" ]; then
	for f in $bad; do
		echo "-- $f"
		grep -v -e '^==[0-9]*== *$' "$f" | sed -n '/Memcheck/,$p' |
		    head -80
	done
	echo "test-valgrind: memcheck errors in $(echo "$bad" | wc -l) of" \
	    "$logs processes (${seconds}s)"
	exit 1
fi
if [ "$rc" -ne 0 ]; then
	echo "test-valgrind: unit tests failed under valgrind (${seconds}s)"
	exit "$rc"
fi
echo "test-valgrind: $logs processes, no memcheck error (${seconds}s)"
