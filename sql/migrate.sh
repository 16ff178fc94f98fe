#!/bin/sh
# Applies sql/migrations/NNNN_name.sql in order, each once, in its own
# transaction, recording its SHA-256; a migration edited after it was applied
# stops everything with a message naming it. `migrate.sh reference` then loads
# sql/reference/*.sql and `migrate.sh demo` sql/demo/*.sql, both idempotent.
#
# The target is MIGRATE_DATABASE_URL, else DATABASE_URL, else the private
# cluster's database (ASR_DBNAME, default asr) as its owner role.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
conninfo=$("$ROOT/sql/cluster.sh" owner-url)
PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
export PGOPTIONS

run_psql()
{
	"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 "$conninfo" "$@"
}

migrate()
{
	run_psql <<'SQL'
CREATE TABLE IF NOT EXISTS schema_migrations (
	version		text PRIMARY KEY,
	name		text NOT NULL,
	checksum	text NOT NULL,
	applied_at	timestamptz NOT NULL DEFAULT now()
);
SQL
	applied=0
	for file in "$ROOT"/sql/migrations/[0-9][0-9][0-9][0-9]_*.sql; do
		[ -e "$file" ] || continue
		name=$(basename "$file" .sql)
		version=${name%%_*}
		sum=$(sha256sum "$file" | cut -d' ' -f1)
		known=$(run_psql -tA -v version="$version" <<'SQL'
SELECT checksum FROM schema_migrations WHERE version = :'version';
SQL
)
		if [ -n "$known" ]; then
			if [ "$known" != "$sum" ]; then
				echo "migrate: $name.sql was edited after it was applied" \
				    "(recorded sha256 $known, now $sum)." >&2
				echo "migrate: never edit an applied migration: revert" \
				    "it and add a new one." >&2
				exit 1
			fi
			continue
		fi
		# One transaction: the migration and its record land together.
		printf '%s\n' "INSERT INTO schema_migrations (version, name, checksum)" \
		    "VALUES (:'version', :'name', :'checksum');" |
		    run_psql -1 -o /dev/null -v version="$version" -v name="$name" \
		    -v checksum="$sum" \
		    -c "SELECT pg_advisory_xact_lock(976976)" -f "$file" -f - ||
		    { echo "migrate: $name.sql failed; nothing of it applied" >&2;
		    exit 1; }
		echo "migrate: applied $name" >&2
		applied=$((applied + 1))
	done
	[ "$applied" -eq 0 ] || echo "migrate: $applied migration(s) applied" >&2
}

load_folder()
{
	for file in "$ROOT"/sql/"$1"/*.sql; do
		[ -e "$file" ] || continue
		run_psql -1 -f "$file" ||
		    { echo "migrate: loading $file failed" >&2; exit 1; }
	done
}

case "${1:-migrate}" in
migrate)	migrate ;;
reference)	load_folder reference ;;
demo)		load_folder demo ;;
*)		echo "usage: $0 [migrate|reference|demo]" >&2; exit 2 ;;
esac
