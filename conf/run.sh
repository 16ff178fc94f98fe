#!/bin/sh
# `make run`: the private PostgreSQL cluster (unless DATABASE_URL names a
# database), the migrations, the reference and demo data, then the API in
# the foreground. Ctrl-C, or SIGTERM to make, stops the server and then the
# cluster it started. `run.sh stop` stops a server left running, and the
# cluster.
#
# ASR_DEMO=0 skips the demo data.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNDIR=${ASR_RUNDIR:-$ROOT/var/run}
export ASR_RUNDIR=$RUNDIR

stop_all()
{
	if [ -f "$RUNDIR/kore.pid" ]; then
		pid=$(cat "$RUNDIR/kore.pid")
		if kill -TERM "$pid" 2>/dev/null; then
			echo "run: stopping the server (pid $pid)" >&2
			i=0
			while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
				sleep 0.1
				i=$((i + 1))
			done
		fi
	fi
	"$ROOT/sql/cluster.sh" stop
}

if [ "${1:-}" = stop ]; then
	stop_all
	exit 0
fi

own_cluster=0
server=""

finish()
{
	trap - INT TERM EXIT
	if [ -n "$server" ]; then
		kill -TERM "$server" 2>/dev/null || true
		wait "$server" 2>/dev/null || true
	fi
	[ "$own_cluster" -eq 0 ] || "$ROOT/sql/cluster.sh" stop
}
trap 'finish; exit 130' INT
trap 'finish; exit 143' TERM
trap 'finish' EXIT

if [ -z "${DATABASE_URL:-}" ]; then
	"$ROOT/sql/cluster.sh" status >/dev/null 2>&1 || own_cluster=1
	"$ROOT/sql/cluster.sh" start
fi

# Migrations run as the schema owner; the server then connects as asr_app.
"$ROOT/sql/migrate.sh"
"$ROOT/sql/migrate.sh" reference
# Demo data (one account per role, see README) never in production.
if [ "${ASR_ENV:-development}" != production ] && [ "${ASR_DEMO:-1}" != 0 ]
then
	"$ROOT/sql/migrate.sh" demo
	"$ROOT/conf/demo-people.sh"
fi

# The server alone gets the private cluster's address: exported here, it
# would make cluster.sh believe no private cluster is in use.
app_url=${DATABASE_URL:-$("$ROOT/sql/cluster.sh" url)}
DATABASE_URL=$app_url "$ROOT/conf/serve.sh" &
server=$!

echo "run: serving on http://${BIND:-127.0.0.1}:${PORT:-8888}/v1/health" >&2
status=0
wait "$server" || status=$?
server=""
exit "$status"
