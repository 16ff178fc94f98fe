#!/bin/sh
# The private PostgreSQL cluster of a checkout: data, socket and log under
# var/pg, reachable only through a unix socket in var/pg/run. It runs as an
# unprivileged user (postgres when invoked as root, since initdb refuses root;
# the invoking user otherwise). With DATABASE_URL set there is no cluster.
#
# usage: cluster.sh start|stop|status|psql|url|owner-url|env|createdb NAME|
#     dropdb NAME
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PG_DIR=$ROOT/var/pg
DATA=$PG_DIR/data
SOCK=$PG_DIR/run
LOG=$PG_DIR/postgres.log
PORT=${ASR_PGPORT:-5432}
OWNER_ROLE=asr_owner
APP_ROLE=asr_app
DBNAME=${ASR_DBNAME:-asr}

if [ "$(id -u)" -eq 0 ]; then
	RUNAS=postgres
else
	RUNAS=$(id -un)
fi

say()
{
	echo "cluster: $*" >&2
}

as_owner()
{
	if [ "$(id -u)" -eq 0 ]; then
		(cd / && runuser -u "$RUNAS" -- "$@")
	else
		(cd / && "$@")
	fi
}

owner_psql()
{
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCK" -p "$PORT" \
	    -U "$OWNER_ROLE" "$@"
}

# A checkout under /root or in a mktemp -d folder sits below folders of mode
# 0700: let the cluster's user traverse them (execute only, by ACL where the
# file system has them), or it could not reach its own data directory.
make_traversable()
{
	[ "$(id -u)" -eq 0 ] || return 0
	dir=""
	for part in $(echo "$PG_DIR" | tr '/' ' '); do
		dir="$dir/$part"
		[ -d "$dir" ] || break
		if ! (cd / && runuser -u "$RUNAS" -- test -x "$dir") 2>/dev/null; then
			say "granting $RUNAS traversal of $dir"
			setfacl -m "u:$RUNAS:--x" "$dir" 2>/dev/null ||
			    chmod o+x "$dir"
		fi
	done
}

is_running()
{
	[ -f "$DATA/PG_VERSION" ] &&
	    as_owner "$PGBIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

init_cluster()
{
	say "creating the private cluster in $DATA"
	mkdir -p "$PG_DIR"
	[ "$(id -u)" -eq 0 ] && chown "$RUNAS:" "$PG_DIR"
	chmod 0700 "$PG_DIR"
	make_traversable
	as_owner "$PGBIN/initdb" -D "$DATA" -U "$OWNER_ROLE" -A trust \
	    -E UTF8 --locale=C.UTF-8 --no-instructions >/dev/null
	cat >>"$DATA/postgresql.conf" <<CONF

# Private cluster of an ASR Mayotte checkout (sql/cluster.sh).
listen_addresses = ''
unix_socket_directories = '$SOCK'
unix_socket_permissions = 0700
timezone = 'UTC'
log_timezone = 'UTC'
max_connections = 100
shared_buffers = 128MB
CONF
}

start()
{
	if [ -n "${DATABASE_URL:-}" ]; then
		say "DATABASE_URL is set: no private cluster"
		return 0
	fi
	[ -f "$DATA/PG_VERSION" ] || init_cluster
	make_traversable
	if is_running; then
		ensure_database
		return 0
	fi
	mkdir -p "$SOCK"
	[ "$(id -u)" -eq 0 ] && chown "$RUNAS:" "$SOCK"
	chmod 0700 "$SOCK"
	as_owner "$PGBIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t 60 \
	    -o "-p $PORT -k $SOCK" start >/dev/null ||
	    { say "PostgreSQL did not start; see $LOG"; tail -n 20 "$LOG" >&2;
	    exit 1; }
	say "PostgreSQL started (socket in $SOCK)"
	ensure_database
}

ensure_database()
{
	createdb_if_missing "$DBNAME"
}

createdb_if_missing()
{
	exists=$(owner_psql -d postgres -tA -v name="$1" <<'SQL'
SELECT 1 FROM pg_database WHERE datname = :'name';
SQL
)
	[ "$exists" = 1 ] && return 0
	owner_psql -d postgres -v name="$1" <<'SQL'
CREATE DATABASE :"name";
SQL
}

dropdb()
{
	owner_psql -d postgres -v name="$1" <<'SQL'
DROP DATABASE IF EXISTS :"name" WITH (FORCE);
SQL
}

stop()
{
	if [ -n "${DATABASE_URL:-}" ]; then
		return 0
	fi
	if is_running; then
		as_owner "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null
		say "PostgreSQL stopped"
	fi
}

url()
{
	if [ -n "${DATABASE_URL:-}" ]; then
		echo "$DATABASE_URL"
	else
		echo "host=$SOCK port=$PORT dbname=${1:-$DBNAME} user=$2"
	fi
}

case "${1:-}" in
start)		start ;;
stop)		stop ;;
status)		if is_running; then echo running; else echo stopped; exit 3; fi ;;
url)		url "${2:-}" "$APP_ROLE" ;;
owner-url)	if [ -n "${MIGRATE_DATABASE_URL:-}" ]; then
			echo "$MIGRATE_DATABASE_URL"
		else
			url "${2:-}" "$OWNER_ROLE"
		fi ;;
env)		# The pieces of the private cluster's address, for tests.
		echo "ASR_TEST_PGHOST='$SOCK' ASR_TEST_PGPORT='$PORT'"
		echo "ASR_TEST_PGDATABASE='$DBNAME' ASR_TEST_PGUSER='$APP_ROLE'"
		echo "ASR_TEST_PGOWNER='$OWNER_ROLE'" ;;
psql)		conninfo=$("$0" owner-url)
		exec "$PGBIN/psql" -X -v ON_ERROR_STOP=1 "$conninfo" ;;
createdb)	createdb_if_missing "$2" ;;
dropdb)		dropdb "$2" ;;
*)		echo "usage: $0 start|stop|status|psql|url|owner-url|createdb|dropdb" >&2
		exit 2 ;;
esac
