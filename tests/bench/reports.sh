#!/bin/sh
# `make bench`, reports (issue 10): a database with BENCH_HOURS (1,000,000)
# generated hour entries on BENCH_MARKETS (500) markets of the demo buyer
# (one lot, clause and attribution each, four insertion actions each, one
# entry per action and month; 80 % validated, 15 % declared, 5 % rejected,
# one in fifty validated entries replaced by a validated correction), then
# the time of the clauses report as staff and as the buyer, and of the
# survey of a year (best and median of BENCH_RUNS runs, target: under a
# second), and the workers' resident memory while a CSV export of
# BENCH_EXPORT (200,000) audit entries streams: it must stay flat.
# Not a test: numbers vary with the machine; nothing here passes or fails.
set -eu

HOURS=${BENCH_HOURS:-1000000}
MARKETS=${BENCH_MARKETS:-500}
RUNS=${BENCH_RUNS:-5}
EXPORT=${BENCH_EXPORT:-200000}
DB=asr_bench_reports
BUYER=00000000-0000-4000-8000-000000000002
. "$(dirname "$0")/lib.sh"

psql_owner()
{
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$(sql/cluster.sh owner-url)" "$@"
}

echo "bench: preparing database $DB with $HOURS hour entries" >&2
fresh_db
t0=$(date +%s.%N)
actions=$((MARKETS * 4))
months=$(( (HOURS + actions - 1) / actions ))
psql_owner <<EOF
BEGIN;
CREATE TEMP TABLE b (n integer, market uuid, lot uuid, attribution uuid);
INSERT INTO b SELECT n, gen_random_uuid(), gen_random_uuid(), gen_random_uuid()
FROM generate_series(1, $MARKETS) n;
INSERT INTO markets (id, buyer_id, reference, object, amount, start_date,
    end_date, commune_insee, created_at, updated_at)
SELECT market, '$BUYER', 'BENCH-' || n, 'Marché de test ' || n, 1000000,
    date '2000-01-01' + (n % 365), date '2040-12-31',
    '976' || lpad((1 + n % 17)::text, 2, '0'), now(), now() FROM b;
INSERT INTO lots (id, market_id, number, title, amount, labour_share,
    created_at, updated_at)
SELECT lot, market, 1, 'Lot 1', 1000000, 0.5, now(), now() FROM b;
INSERT INTO clauses (lot_id, type, rule, insertion_rate, hourly_cost,
    computed_hours, penalty_per_hour, created_at, updated_at)
SELECT lot, (ARRAY['execution_condition', 'award_criterion',
    'reserved'])[1 + n % 3], 'amount_based', 0.05, 30, 833.33 * (1 + n % 40),
    10, now(), now() FROM b;
INSERT INTO attributions (id, lot_id, organisation_id, role, created_at,
    updated_at)
SELECT attribution, lot, '$BUYER', 'holder', now(), now() FROM b;
INSERT INTO insertion_actions (attribution_id, mode, contract_type,
    start_date, created_at, updated_at)
SELECT attribution, (SELECT code FROM insertion_modes ORDER BY position
    OFFSET (n + k) % 7 LIMIT 1), 'cdd', date '2000-01-01', now(), now()
FROM b, generate_series(1, 4) k;
INSERT INTO hours_entries (action_id, month, hours, status, declared_by,
    created_at, updated_at)
SELECT x.id, to_char(date '2000-01-01' + make_interval(months => m), 'YYYY-MM'),
    (1 + (m * 7 + x.r) % 150)::numeric + 0.25,
    CASE WHEN (m + x.r) % 20 = 0 THEN 'rejected'
	WHEN (m + x.r) % 20 < 4 THEN 'declared' ELSE 'validated' END,
    (SELECT id FROM users ORDER BY created_at LIMIT 1), now(), now()
FROM (SELECT x.id, row_number() OVER () AS r FROM insertion_actions x
    JOIN b ON b.attribution = x.attribution_id) x,
    generate_series(0, $months - 1) m
LIMIT $HOURS;
-- One in fifty validated entries corrected, the correction validated.
WITH c AS (INSERT INTO hours_entries (action_id, month, hours, status,
    corrects_id, declared_by, created_at, updated_at)
    SELECT action_id, month, hours - 0.25, 'validated', id, declared_by,
	now(), now() FROM hours_entries
    WHERE status = 'validated' AND abs(hashtext(id::text)) % 50 = 0
    RETURNING id, corrects_id)
UPDATE hours_entries h SET replaced_by = c.id FROM c WHERE h.id = c.corrects_id;
COMMIT;
VACUUM ANALYZE;
EOF
count=$(psql_owner -At -c "SELECT count(*) FROM hours_entries")
echo "bench: hour entries inserted (with the corrections) and analysed in" \
    "$(echo "$(date +%s.%N) - $t0" | bc | cut -c1-6) s" >&2

start_server


token()
{
	curl -s -H 'Content-Type: application/json' -d "{\"email\": \"$1\", \
\"password\": \"demo-password-2026\"}" "$base/v1/auth/login" |
	    $PY -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}
staff=$(token facilitateur@demo.asr.yt)
buyer=$(token acheteur@demo.asr.yt)

# Best and median of RUNS timed GETs (seconds), after one warm-up.
timed_row()
{
	name=$1 tok=$2 path=$3
	code=$(curl -s -o "$TMP/answer" -w '%{http_code}' \
	    -H "Authorization: Bearer $tok" "$base$path")
	[ "$code" = 200 ] || { echo "$path: $code $(head -c 300 "$TMP/answer")" >&2; }
	: >"$TMP/times"
	for _ in $(seq "$RUNS"); do
		curl -s -o /dev/null -w '%{time_total}\n' \
		    -H "Authorization: Bearer $tok" "$base$path" >>"$TMP/times"
	done
	sort -n "$TMP/times" | awk -v name="$name" -v n="$RUNS" '
	    { t[NR] = $1 }
	    END { med = t[int((n + 1) / 2)];
		printf "| %-44s | %8.3f | %8.3f | %s |\n", name, t[1], med,
		    med < 1 ? "under 1 s" : "OVER 1 s" }'
}

echo
echo "ASR Mayotte reports benchmark: $(nproc) cores, $count hour entries on" \
    "$MARKETS markets, best and median of $RUNS runs"
echo
printf '| %-44s | %8s | %8s | %s |\n' "report" "best s" "median s" "target"
printf '|%s|%s|%s|%s|\n' "----------------------------------------------" \
    "----------" "----------" "-----------"
timed_row "GET /v1/reports/clauses (staff, all)" "$staff" /v1/reports/clauses
timed_row "GET /v1/reports/clauses?year=2020 (staff)" "$staff" \
    "/v1/reports/clauses?year=2020"
timed_row "GET /v1/reports/clauses (the buyer)" "$buyer" /v1/reports/clauses
timed_row "GET /v1/reports/survey?year=2020" "$staff" \
    "/v1/reports/survey?year=2020"
timed_row "GET /v1/reports/clauses?format=csv" "$staff" \
    "/v1/reports/clauses?format=csv"

# The export: EXPORT audit entries listed as CSV (a list without a total,
# so each page is one index range) while the workers' resident set is
# sampled; a slow reader (2 MiB/s) shows that the server waits for the
# client instead of buffering the export.
psql_owner <<EOF
INSERT INTO audit_log (at, actor_id, actor_type, role, action, object_type,
    object_id, request_id)
SELECT now() - n * interval '1 s', gen_random_uuid(), 'user', 'facilitator',
    'bench.export', 'market', gen_random_uuid(), md5(n::text)
FROM generate_series(1, $EXPORT) n;
VACUUM ANALYZE audit_log;
EOF
admin=$(token admin@demo.asr.yt)
export_run()
{
	before=$(rss_kib)
	start=$(date +%s.%N)
	curl -s $2 -H "Authorization: Bearer $admin" \
	    "$base/v1/audit?format=csv&action=bench.export" -o "$TMP/export.csv" &
	pid=$!
	peak=$before
	while kill -0 "$pid" 2>/dev/null; do
		now=$(rss_kib)
		[ "$now" -le "$peak" ] || peak=$now
		sleep 0.2
	done
	wait "$pid" || true
	end=$(date +%s.%N)
	rows=$(($(wc -l <"$TMP/export.csv") - 1))
	mib=$(du -m "$TMP/export.csv" | cut -f1)
	printf '| %-30s | %8s | %6s MiB | %7.1f s | %9s KiB | %9s KiB |\n' "$1" \
	    "$rows" "$mib" "$(echo "$end - $start" | bc)" "$before" "$peak"
}
echo
printf '| %-30s | %8s | %10s | %9s | %13s | %13s |\n' "CSV export of /v1/audit" \
    "rows" "size" "time" "RSS before" "RSS peak"
printf '|%s|%s|%s|%s|%s|%s|\n' "--------------------------------" "----------" \
    "------------" "-----------" "---------------" "---------------"
export_run "full speed" ""
export_run "slow reader, 2 MiB/s" "--limit-rate 2M"
echo
echo "RSS: both kore workers' resident sets summed, sampled every 0.2 s."
