#!/bin/sh
# `make bench`: measures the API on this machine and prints one table, each
# scenario beside its ceiling: a trivial route (no database) for the HTTP
# path, and pgbench running the very SQL a route sends for PostgreSQL
# itself: the catalogue's statement composed by the server's own code
# (tests/bench/search_sql.c), prepared (-M prepared) as the server does.
# The catalogue is measured on a database of BENCH_SUPPLIERS generated
# suppliers, with no cache of answers (ASR_CACHE_TTL_MS=0) in SQL (the
# search index off) and from the workers' search index (once every worker
# built it), then through the workers' cache.
#
# Fair comparison: both sides are measured in steady state. Each HTTP
# measurement follows a warm-up run (the server's connections prepare
# their statements and PostgreSQL plans its first executions), and pgbench
# runs WARMUP seconds longer, its first seconds left out of the rate (read
# from its per-second progress: new backends pay their first plans and
# caches there). pgbench runs at the server's own database concurrency
# (WORKERS x DB_CONNS connections) and at wrk's (CONNS clients); the
# ceiling a route is compared with is the better of the two.
# Not a test: numbers vary with the machine; nothing here passes or fails.
#
# BENCH_SECONDS (5), BENCH_CONNECTIONS (50), BENCH_SUPPLIERS (N, or 10000:
# `make bench N=50000`), BENCH_WARMUP (2 seconds), WORKERS (the number of
# cores), DB_CONNS (4).
set -eu

SECONDS_EACH=${BENCH_SECONDS:-5}
CONNS=${BENCH_CONNECTIONS:-50}
SUPPLIERS=${BENCH_SUPPLIERS:-${N:-10000}}
WARMUP=${BENCH_WARMUP:-2}
WORKERS=${WORKERS:-$(nproc 2>/dev/null || echo 2)}
DB_CONNS=${DB_CONNS:-4}
export WORKERS DB_CONNS
# One database per size, kept between runs (large.sh only adds what lacks).
DB=asr_bench_$SUPPLIERS
. "$(dirname "$0")/lib.sh"

# wrk: requests/s, p50 and p99 latency; with a third argument, the rate
# as a share of the last pgbench ceiling, named by that argument.
http_row()
{
	wrk -t2 -c"$CONNS" -d"${WARMUP}s" "$2" >/dev/null 2>&1 || true
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

# pgbench on the same SQL: PostgreSQL's own rate, in steady state, at
# the server's database concurrency and at wrk's; the better one is the
# ceiling. With a third argument, a statement composed by search_sql: its
# parameters become pgbench variables :p1, :p2... and it runs prepared.
pg_row()
{
	best=0
	for clients in $((WORKERS * DB_CONNS)) "$CONNS"; do
		tps=$(pg_tps "$clients" "$@")
		printf '| %-44s | %10s | %8s | %8s | %s\n' \
		    "$1, $clients clients" "$tps" "-" "-" "|"
		best=$(awk -v a="$tps" -v b="$best" \
		    'BEGIN { print (a > b ? a : b) }')
	done
	ceiling=$best
}

# Transactions per second of CLIENTS running the statement, leaving out
# the first WARMUP seconds (pgbench --progress prints each second's rate).
pg_tps()
{
	clients=$1
	shift
	conninfo=$(sql/cluster.sh url)
	if [ -n "${3:-}" ]; then
		set -- "$TMP/$3.pgb" -M prepared $(cat "$TMP/$3.defs")
	else
		set -- "$2" -M simple
	fi
	file=$1
	shift
	"$PGBIN/pgbench" -n "$@" -c "$clients" -j 2 \
	    -T $((SECONDS_EACH + WARMUP)) --progress=1 -f "$file" \
	    "$conninfo" 2>&1 | awk -v skip="$WARMUP" '
	    /^progress:/ { if (++n > skip) { sum += $4; k++ } }
	    END { if (k > 0) printf "%.0f", sum / k; else print 0 }'
}

# The search's cost at one client: milliseconds per execution (pgbench's
# average latency), for saying how the cost grows with the data.
pg_latency()
{
	"$PGBIN/pgbench" -n -M prepared $(cat "$TMP/$1.defs") -c 1 -j 1 \
	    -T "$SECONDS_EACH" -f "$TMP/$1.pgb" "$(sql/cluster.sh url)" \
	    2>/dev/null | awk '/latency average/ {print $4}'
}

ratio()
{
	awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b }'
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

start_server 0 0
search_total=$(curl -s "$base$search" | $PY -c 'import json,sys; print(json.load(sys.stdin)["total"])')
listing_total=$(curl -s "$base$listing" | $PY -c 'import json,sys; print(json.load(sys.stdin)["total"])')
http_row "ceiling: trivial route (404, no database)" "$base/v1/bench-trivial"
http_row "GET /v1/health (SELECT 1)" "$base/v1/health"
pg_row "ceiling: pgbench SELECT 1" "$TMP/one.sql"
pg_row "ceiling: pgbench search SQL" - search
search_ceiling=$ceiling
http_row "search q + sector, SQL (index off)" "$base$search" \
    "its SQL in pgbench"
pg_row "ceiling: pgbench listing SQL" - list
listing_ceiling=$ceiling
http_row "listing group + commune, SQL (index off)" "$base$listing" \
    "its SQL in pgbench"
sql_rss=$(rss_kib)
stop_server

# The index's own question to PostgreSQL, once per search: the generation
# and the parsed q (src/catalogue/index.c).
echo "SELECT generation::text, websearch_to_tsquery('asr_fr', 'nettoyage')::text," \
    "NULL::text FROM catalogue_state;" >"$TMP/generation.sql"
start_server 0 1
wait_index "$base$search"
pg_row "ceiling: pgbench the index's generation SQL" "$TMP/generation.sql"
ceiling=$search_ceiling
http_row "search q + sector, in-memory index" "$base$search" \
    "the search SQL in pgbench"
ceiling=$listing_ceiling
http_row "listing group + commune, in-memory index" "$base$listing" \
    "the listing SQL in pgbench"
uncached_rss=$(rss_kib)
stop_server

start_server 5000
ceiling=$search_ceiling
http_row "search q + sector, worker cache" "$base$search" "its SQL in pgbench"
ceiling=$listing_ceiling
http_row "listing group + commune, worker cache" "$base$listing" \
    "its SQL in pgbench"
echo
echo "server: $WORKERS workers x $DB_CONNS database connections; each HTTP" \
    "row after a ${WARMUP}s warm-up, pgbench rates without its first ${WARMUP}s"
echo "cost at one client (pgbench, average latency): search SQL" \
    "$(pg_latency search) ms for $search_total matches, listing SQL" \
    "$(pg_latency list) ms for $listing_total matches"
echo "memory: kore workers' resident set: $sql_rss KiB in SQL," \
    "$uncached_rss KiB with the index, $(rss_kib) KiB with index and cache"
