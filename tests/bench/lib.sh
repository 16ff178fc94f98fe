# Shared by the `make bench` scripts (sourced, not run): the paths, a
# throwaway directory, one server on a free port, its workers' memory and
# the cleanup on exit. The sourcing script sets DB (its database) first and
# DROP_DB=1 to drop it on exit (0: kept between runs).

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PGBIN=/usr/lib/postgresql/15/bin
PY=/usr/bin/python3
TMP=$(mktemp -d)
unset DATABASE_URL MIGRATE_DATABASE_URL
export ASR_DBNAME=$DB

was_running=0
sql/cluster.sh status >/dev/null 2>&1 && was_running=1
server=""

stop_server()
{
	[ -z "$server" ] || { kill -TERM "$server" 2>/dev/null;
	    wait "$server" 2>/dev/null || true; }
	server=""
}

cleanup()
{
	stop_server
	[ "${DROP_DB:-0}" -eq 0 ] ||
	    sql/cluster.sh dropdb "$DB" >/dev/null 2>&1 || true
	[ "$was_running" -eq 1 ] || sql/cluster.sh stop
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port()
{
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Starts the server on the bench database, with the workers' cache lifetime
# in milliseconds given (default: the server's) and the search index on (1,
# the default) or off (0), and waits for its health.
start_server()
{
	PORT=$(free_port)
	DATABASE_URL=$(sql/cluster.sh url) PORT=$PORT ASR_RUNDIR=$TMP \
	    env ${1:+ASR_CACHE_TTL_MS=$1} ${2:+ASR_SEARCH_INDEX=$2} \
	    conf/serve.sh >"$TMP/server.log" 2>&1 &
	server=$!
	base=http://127.0.0.1:$PORT
	i=0
	until curl -s -o /dev/null "$base/v1/health"; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$TMP/server.log"; exit 1; }
		sleep 0.1
	done
}

# A fresh database DB, migrated, with the reference and demo data.
fresh_db()
{
	sql/cluster.sh start
	sql/cluster.sh dropdb "$DB" >/dev/null 2>&1 || true
	sql/cluster.sh createdb "$DB"
	sql/migrate.sh
	sql/migrate.sh reference
	sql/migrate.sh demo
}

# Asks URL until every worker logged its search index built (30 s at most).
wait_index()
{
	i=0
	while [ "$(grep -c 'search index: .* built' "$TMP/server.log")" -lt \
	    "$WORKERS" ] && [ $i -lt 300 ]; do
		curl -s -o /dev/null "$1"
		i=$((i + 1))
		sleep 0.1
	done
}

rss_kib()
{
	total=0
	# This server's workers only (other servers may run on the machine).
	for pid in $(pgrep -P "$server" || true); do
		kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
		total=$((total + kib))
	done
	echo "$total"
}
