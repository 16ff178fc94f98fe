#!/bin/sh
# `make test`: the same setup as `make run`, then the Criterion unit tests
# and the pytest API tests against a throwaway database (created, migrated
# and loaded here, dropped at the end) and servers on free ports that the
# tests start themselves. Leaves no process behind: the cluster is stopped
# again when this script started it.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

# Tests always run on the private cluster, whatever DATABASE_URL says.
unset DATABASE_URL MIGRATE_DATABASE_URL

was_running=0
sql/cluster.sh status >/dev/null 2>&1 && was_running=1
db=asr_test_$$

cleanup()
{
	status=$?
	trap - EXIT INT TERM
	sql/cluster.sh dropdb "$db" >/dev/null 2>&1 || true
	[ "$was_running" -eq 1 ] || sql/cluster.sh stop
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# PYTEST="tests/api/test_offers.py -k etag" runs a selection of API tests
# (and skips the unit tests): for working on one part; `make test` runs all.
if [ -z "${PYTEST:-}" ]; then
	echo "== unit tests (Criterion, under ASan and UBSan)"
	ASAN_OPTIONS=detect_leaks=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	    build/unit-tests --jobs=2
fi

echo "== database $db"
sql/cluster.sh start
sql/cluster.sh createdb "$db"
ASR_DBNAME=$db sql/migrate.sh
ASR_DBNAME=$db sql/migrate.sh reference
ASR_DBNAME=$db sql/migrate.sh demo

eval "$(ASR_DBNAME=$db sql/cluster.sh env)"
ASR_ROOT=$ROOT
ASR_SERVE=$ROOT/conf/serve.sh
ASR_TEST_MODULE=${ASR_TEST_MODULE:-$ROOT/build/asr-test.so}
ASR_TEST_DATABASE_URL=$(ASR_DBNAME=$db sql/cluster.sh url)
ASR_TEST_OWNER_DATABASE_URL=$(ASR_DBNAME=$db sql/cluster.sh owner-url)
# The whole suite registers from 127.0.0.1: the registration limit is
# tested on servers of its own (tests/api/test_login_limits.py).
ASR_REGISTRATION_ADDRESS_MAX=${ASR_REGISTRATION_ADDRESS_MAX:-1000000}
export ASR_REGISTRATION_ADDRESS_MAX
export ASR_ROOT ASR_SERVE ASR_TEST_MODULE ASR_TEST_DATABASE_URL \
    ASR_TEST_OWNER_DATABASE_URL ASR_TEST_PGHOST ASR_TEST_PGPORT \
    ASR_TEST_PGDATABASE ASR_TEST_PGUSER ASR_TEST_PGOWNER

echo "== API tests (pytest, real server, real PostgreSQL)"
# Debian's Python: it has the test libraries (no PyPI here).
# shellcheck disable=SC2086
/usr/bin/python3 -m pytest -p no:cacheprovider -q ${PYTEST:-tests/api}
