#!/bin/sh
# `make soak`: load with faults (issue 11). Sets up a database of its own on
# the private cluster (demo data), starts the server, and runs soak.py: a
# minute of mixed load during which PostgreSQL is restarted twice and a
# Kore worker is killed; then every acknowledged write is looked up.
# Not part of `make test`: it takes a minute and loads the machine.
#
# SOAK_SECONDS (60), SOAK_CLIENTS (16).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
unset DATABASE_URL MIGRATE_DATABASE_URL
DB=asr_soak
TMP=$(mktemp -d)
export ASR_DBNAME=$DB

was_running=0
sql/cluster.sh status >/dev/null 2>&1 && was_running=1
cleanup()
{
	status=$?
	trap - EXIT INT TERM
	# The cluster may be down if soak.py was interrupted mid-restart.
	sql/cluster.sh start >/dev/null 2>&1 || true
	sql/cluster.sh dropdb "$DB" >/dev/null 2>&1 || true
	[ "$was_running" -eq 1 ] || sql/cluster.sh stop
	rm -rf "$TMP"
	exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

sql/cluster.sh start
sql/cluster.sh dropdb "$DB" >/dev/null
sql/cluster.sh createdb "$DB"
sql/migrate.sh
sql/migrate.sh reference
sql/migrate.sh demo

DATABASE_URL=$(sql/cluster.sh url) ASR_RUNDIR=$TMP \
    /usr/bin/python3 tests/soak/soak.py
