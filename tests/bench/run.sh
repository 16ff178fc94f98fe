#!/bin/sh
# `make bench`: measures the API on this machine and prints one table, each
# scenario beside its ceiling: a trivial route (no database) for the HTTP
# path, and pgbench running the very SQL a route sends for PostgreSQL
# itself: the catalogue's statement composed by the server's own code
# (tests/bench/search_sql.c), prepared (-M prepared) as the server does. The catalogue is
# measured on a database of BENCH_SUPPLIERS generated suppliers, uncached
# (ASR_CACHE_TTL_MS=0) and then through the workers' cache.
# Not a test: numbers vary with the machine; nothing here passes or fails.
#
# BENCH_SECONDS (5), BENCH_CONNECTIONS (50), BENCH_SUPPLIERS (10000).
set -eu

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
SECONDS_EACH=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-50}
SUPPLIERS=${BENCH_SUPPLIERS:-10000}
PGBIN=/usr/lib/postgresql/15/bin
PY=/usr/bin/python3
TMP=$(mktemp -d)
DB=asr_bench
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
	[ "$was_running" -eq 1 ] || sql/cluster.sh stop
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

free_port()
{
	$PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

start_server()
{
	PORT=$(free_port)
	DATABASE_URL=$(sql/cluster.sh url) PORT=$PORT ASR_RUNDIR=$TMP \
	    ASR_CACHE_TTL_MS=$1 conf/serve.sh >"$TMP/server.log" 2>&1 &
	server=$!
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$PORT/v1/health"; do
		i=$((i + 1)); [ $i -lt 100 ] || { cat "$TMP/server.log"; exit 1; }
		sleep 0.1
	done
	base=http://127.0.0.1:$PORT
}

# wrk: requests/s, p50 and p99 latency; with a third argument, the rate
# as a share of the last pgbench ceiling, named by that argument.
http_row()
{
	out=$(wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --latency "$2" 2>&1)
	rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
	p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
	p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
	non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
	note=""
	[ -z "${3:-}" ] || note="$(ratio "$rps" "$ceiling") of $3"
	printf '| %-44s | %10s | %8s | %8s | %s\n' "$1" "$rps" "$p50" "$p99" \
	    "$note${non2xx:+ $non2xx non-2xx} |"
}

# pgbench on the same SQL, 16 clients: PostgreSQL's own rate. With a
# third argument, a statement composed by search_sql: its parameters
# become pgbench variables :p1, :p2... and it runs prepared.
pg_row()
{
	conninfo=$(sql/cluster.sh url)
	if [ -n "${3:-}" ]; then
		set -- "$1" "$TMP/$3.pgb" -M prepared $(cat "$TMP/$3.defs")
	else
		set -- "$1" "$2" -M simple
	fi
	name=$1 file=$2
	shift 2
	tps=$("$PGBIN/pgbench" -n "$@" -c 16 -j 2 -T "$SECONDS_EACH" \
	    -f "$file" "$conninfo" 2>/dev/null | awk '/^tps/ {printf "%.0f", $3}')
	set -- "$name"
	printf '| %-44s | %10s | %8s | %8s | %s\n' "$1" "$tps" "-" "-" "|"
	ceiling=$tps
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b }'
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

echo "bench: preparing database $DB with $SUPPLIERS generated suppliers" >&2
sql/cluster.sh start
sql/cluster.sh createdb "$DB"
sql/migrate.sh
sql/migrate.sh reference
sql/migrate.sh demo
sql/demo/large.sh "$SUPPLIERS" >/dev/null
echo "VACUUM ANALYZE;" | "$PGBIN/psql" -X -q "$(sql/cluster.sh owner-url)"

today=$(TZ=Indian/Mayotte date +%F)
# The catalogue's two shapes: a text search with a sector filter, and a
# listing by filters alone, composed as the server composes them.
cc -std=c99 -Isrc -o "$TMP/search_sql" tests/bench/search_sql.c \
    src/core/searchsql.c
compose()
{
	name=$1
	shift
	"$TMP/search_sql" suppliers text "$@" | sed -E 's/\$([0-9]+)/:p\1/g' \
	    >"$TMP/$name.pgb"
	echo ";" >>"$TMP/$name.pgb"
	"$TMP/search_sql" suppliers params "$@" |
	    awk '{ printf "-D p%d=%s\n", NR, $0 }' >"$TMP/$name.defs"
}
compose search q=nettoyage sector='{proprete-locaux}' sort=relevance \
    today="$today"
compose list sector_group='{btp}' commune='{97611}' sort=alpha today="$today"
echo "SELECT 1;" >"$TMP/one.sql"
search=/v1/catalogue/suppliers?q=nettoyage\&sector=proprete-locaux
listing=/v1/catalogue/suppliers?sector_group=btp\&commune=97611

echo
echo "ASR Mayotte benchmark: $(nproc) cores, wrk 2 threads, $CONNS connections," \
    "${SECONDS_EACH}s each, $SUPPLIERS + demo suppliers"
echo
printf '| %-44s | %10s | %8s | %8s | %s\n' "scenario" "requests/s" "p50" "p99" \
    "notes |"
printf '|%s|%s|%s|%s|%s\n' "----------------------------------------------" \
    "------------" "----------" "----------" "-------|"

start_server 0
http_row "ceiling: trivial route (404, no database)" "$base/v1/bench-trivial"
http_row "GET /v1/health (SELECT 1)" "$base/v1/health"
pg_row "ceiling: pgbench SELECT 1" "$TMP/one.sql"
pg_row "ceiling: pgbench search SQL" - search
search_ceiling=$ceiling
http_row "search q + sector, uncached" "$base$search" "its SQL in pgbench"
pg_row "ceiling: pgbench listing SQL" - list
http_row "listing group + commune, uncached" "$base$listing" \
    "its SQL in pgbench"
uncached_rss=$(rss_kib)
stop_server

start_server 5000
listing_ceiling=$ceiling
ceiling=$search_ceiling
http_row "search q + sector, worker cache" "$base$search" "its SQL in pgbench"
ceiling=$listing_ceiling
http_row "listing group + commune, worker cache" "$base$listing" \
    "its SQL in pgbench"
echo
echo "memory: kore workers' resident set: $uncached_rss KiB uncached," \
    "$(rss_kib) KiB with the cache"
