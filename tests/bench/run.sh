#!/bin/sh
# `make bench`: measures the API on this machine and prints one table, each
# scenario beside its ceiling: a trivial route (no database) for the HTTP
# path, and pgbench running the very SQL of a route for PostgreSQL itself.
# Not a test: numbers vary with the machine; nothing here passes or fails.
#
# BENCH_SECONDS (5), BENCH_CONNECTIONS (50), BENCH_PORT (a free port).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECONDS_EACH=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-50}
PORT=${BENCH_PORT:-$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
PGBIN=/usr/lib/postgresql/15/bin
TMP=$(mktemp -d)
unset DATABASE_URL MIGRATE_DATABASE_URL

was_running=0
sql/cluster.sh status >/dev/null 2>&1 && was_running=1
server=""
cleanup()
{
	[ -z "$server" ] || { kill -TERM "$server" 2>/dev/null; wait "$server" 2>/dev/null || true; }
	[ "$was_running" -eq 1 ] || sql/cluster.sh stop
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

sql/cluster.sh start
sql/migrate.sh
sql/migrate.sh reference
DATABASE_URL=$(sql/cluster.sh url) PORT=$PORT ASR_RUNDIR=$TMP \
    conf/serve.sh >"$TMP/server.log" 2>&1 &
server=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$PORT/v1/health"; do
	i=$((i + 1)); [ $i -lt 100 ] || { cat "$TMP/server.log"; exit 1; }
	sleep 0.1
done

# wrk: requests/s, p50 and p99 latency.
http_row()
{
	out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --latency "$2" 2>&1)
	rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
	p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	printf '| %-34s | %12s | %8s | %8s | %s\n' "$1" "$rps" "$p50" "$p99" \
	    "${non2xx:+$non2xx non-2xx }|"
}

# pgbench on the same SQL, prepared, 16 clients: PostgreSQL's own ceiling.
pg_row()
{
	printf '%s\n' "$2" >"$TMP/q.sql"
	conninfo=$(sql/cluster.sh url)
	tps=$("$PGBIN/pgbench" -n -M prepared -c 16 -j 2 -T "$SECONDS_EACH" \
	    -f "$TMP/q.sql" "$conninfo" 2>/dev/null |
	    awk '/^tps/ {printf "%.0f", $3}')
	printf '| %-34s | %12s | %8s | %8s | |\n' "$1" "$tps" "-" "-"
}

rss_kib()
{
	total=0
	for pid in $(pgrep -f "kore \[wrk" || true); do
		kib=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
		total=$((total + kib))
	done
	echo "$total"
}

base=http://127.0.0.1:$PORT
echo
echo "ASR Mayotte benchmark: $(nproc) cores, wrk 2 threads, $CONNS connections, ${SECONDS_EACH}s each"
echo
printf '| %-34s | %12s | %8s | %8s | %s\n' "scenario" "requests/s" "p50" "p99" "notes |"
printf '|%s|%s|%s|%s|%s\n' "------------------------------------" "--------------" "----------" "----------" "-------|"
http_row "ceiling: trivial route (404, no DB)" "$base/v1/bench-trivial"
http_row "GET /v1/health (SELECT 1)" "$base/v1/health"
pg_row "ceiling: pgbench SELECT 1" "SELECT 1;"
http_row "GET /v1/reference/communes" "$base/v1/reference/communes"
# The same SQL as sql_communes in src/reference/reference.c.
pg_row "ceiling: pgbench communes SQL" "SELECT json_build_object('items', coalesce(json_agg(json_build_object('code', code, 'label', label, 'postal_code', postal_code, 'latitude', latitude::float8, 'longitude', longitude::float8) ORDER BY code), '[]'::json))::text FROM communes;"
http_row "GET /v1/reference/sectors" "$base/v1/reference/sectors"
echo
echo "memory: kore workers' resident set after the runs: $(rss_kib) KiB in all"
