#!/bin/sh
# Entry point of the API container (Dockerfile). Reads the secrets, waits
# for PostgreSQL, migrates as the schema owner (migrations, reference data,
# the application role's password, the first administrator), then serves as
# asr_app through conf/serve.sh. Passwords reach libpq through a password
# file under ASR_RUNDIR, never through a command line.
#
#   serve      (default) migrate unless ASR_MIGRATE=0, then serve
#   migrate    migrate, then exit (a one-shot job before several servers)
#   anything   run as given: asr-admin keygen, psql, sh...
#
# Each of DATABASE_URL, DATABASE_PASSWORD, MIGRATE_DATABASE_URL and
# MIGRATE_DATABASE_PASSWORD may instead come from a file named by the same
# variable with _FILE appended (a compose secret).
#
#   DATABASE_URL               the server's database, as asr_app (required)
#   DATABASE_PASSWORD          asr_app's password: set on the role when
#                              migrating, given to the server
#   MIGRATE_DATABASE_URL       the schema owner's connection (DATABASE_URL)
#   MIGRATE_DATABASE_PASSWORD  the schema owner's password
#   ASR_MIGRATE (1)            0: the server does not migrate
#   ASR_DEMO (0)               1: load the demo data and people, sealed
#                              with ASR_VAULT_KEY_FILE (never in production)
#   ASR_DB_WAIT (60)           seconds to wait for PostgreSQL
#   ASR_ADMIN_EMAIL            with ASR_ADMIN_PASSWORD_FILE (and
#                              ASR_ADMIN_NAME): the first administrator
#   ASR_TOKEN_KEY_FILE         token signing keys (required in production)
#   ASR_VAULT_KEY_FILE         the field vault's keys (required in production)
# and conf/serve.sh's PORT, BIND, WORKERS, ASR_RUNDIR, ASR_CORS_ORIGINS.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
ASR_RUNDIR=${ASR_RUNDIR:-/run/asr}
export ASR_RUNDIR

say()
{
	echo "entrypoint: $*" >&2
}

die()
{
	say "$*"
	exit 1
}

# NAME, or the content of the file NAME_FILE names (without its final
# newlines); exported when set.
file_env()
{
	eval "value=\${$1:-}"
	eval "file=\${$1_FILE:-}"
	if [ -n "$file" ]; then
		[ -z "$value" ] || die "set $1 or $1_FILE, not both"
		[ -r "$file" ] || die "$1_FILE: cannot read $file"
		value=$(cat "$file")
		[ -n "$value" ] || die "$1_FILE: $file is empty"
	fi
	unset "$1_FILE"
	if [ -n "$value" ]; then
		eval "$1=\$value"
		# shellcheck disable=SC2163 # the variable named by $1
		export "$1"
	else
		unset "$1"
	fi
}

# A libpq password file that gives the password to every role and host:
# one connection's worth of secret, readable by this user only.
write_pgpass()
{
	case "$2" in
	*"
"*)		die "a database password cannot hold a newline" ;;
	esac
	(umask 077 && printf '*:*:*:*:%s\n' \
	    "$(printf '%s' "$2" | sed 's/[\\:]/\\&/g')" >"$1")
}

check_key_files()
{
	for var in ASR_TOKEN_KEY_FILE ASR_VAULT_KEY_FILE; do
		eval "file=\${$var:-}"
		[ -n "$file" ] || continue
		if [ ! -r "$file" ] || [ ! -s "$file" ]; then
			die "$var: cannot read $file, or it is empty"
		fi
	done
	if [ "${ASR_ENV:-production}" = production ] &&
	    [ -z "${ASR_TOKEN_KEY_FILE:-}" ]; then
		die "ASR_TOKEN_KEY_FILE is required in production" \
		    "(asr-admin keygen makes a key; README, Deploy)"
	fi
	if [ "${ASR_ENV:-production}" = production ] &&
	    [ -z "${ASR_VAULT_KEY_FILE:-}" ]; then
		die "ASR_VAULT_KEY_FILE is required in production" \
		    "(asr-admin vaultkey seal|blind; README, Deploy)"
	fi
	return 0
}

wait_for_database()
{
	waited=0
	until "$PGBIN/pg_isready" -q -d "$1"; do
		waited=$((waited + 1))
		[ "$waited" -lt "${ASR_DB_WAIT:-60}" ] ||
		    die "PostgreSQL did not answer in ${ASR_DB_WAIT:-60} s"
		sleep 1
	done
}

# Everything that needs the schema owner, in a subshell that alone knows its
# password.
migrate()
{
	owner_url=${MIGRATE_DATABASE_URL:-$DATABASE_URL}
	wait_for_database "$owner_url"
	(
		if [ -n "${MIGRATE_DATABASE_PASSWORD:-}" ]; then
			PGPASSFILE=$ASR_RUNDIR/pgpass.owner
			export PGPASSFILE
			write_pgpass "$PGPASSFILE" "$MIGRATE_DATABASE_PASSWORD"
			trap 'rm -f "$PGPASSFILE"' EXIT
		fi
		unset DATABASE_PASSWORD MIGRATE_DATABASE_PASSWORD

		"$ROOT/sql/migrate.sh"
		"$ROOT/sql/migrate.sh" reference
		if [ "${ASR_DEMO:-0}" = 1 ]; then
			if [ "${ASR_ENV:-production}" = production ]; then
				say "ASR_DEMO=1 ignored: no demo data in production"
			else
				say "loading the demo data (ASR_DEMO=1)"
				"$ROOT/sql/migrate.sh" demo
				# The demo people, sealed with the vault's keys
				# as `make run` loads them.
				"$ROOT/conf/demo-people.sh"
			fi
		fi

		if [ -n "${app_password:-}" ]; then
			# psql reads the password from its environment: \getenv,
			# then :'password' quotes it as a literal.
			ASR_APP_PASSWORD=$app_password "$PGBIN/psql" -X -q \
			    -v ON_ERROR_STOP=1 -d "$owner_url" <<'SQL'
\getenv password ASR_APP_PASSWORD
ALTER ROLE asr_app PASSWORD :'password';
SQL
			say "asr_app's password set"
		fi

		if [ -n "${ASR_ADMIN_EMAIL:-}" ]; then
			[ -n "${ASR_ADMIN_PASSWORD_FILE:-}" ] ||
			    die "ASR_ADMIN_EMAIL needs ASR_ADMIN_PASSWORD_FILE"
			"$ROOT/sql/create-admin.sh" "$ASR_ADMIN_EMAIL" \
			    "${ASR_ADMIN_NAME:-Administrateur}"
		fi
	)
}

serve()
{
	unset MIGRATE_DATABASE_URL MIGRATE_DATABASE_PASSWORD \
	    ASR_ADMIN_PASSWORD_FILE DATABASE_PASSWORD
	if [ -n "${app_password:-}" ]; then
		PGPASSFILE=$ASR_RUNDIR/pgpass
		export PGPASSFILE
		write_pgpass "$PGPASSFILE" "$app_password"
	fi
	app_password=""
	exec "$ROOT/conf/serve.sh"
}

command=${1:-serve}
case "$command" in
serve|migrate)
	;;
*)
	exec "$@"
	;;
esac

for var in DATABASE_URL DATABASE_PASSWORD MIGRATE_DATABASE_URL \
    MIGRATE_DATABASE_PASSWORD; do
	file_env "$var"
done
[ -n "${DATABASE_URL:-}" ] || die "DATABASE_URL is not set"
app_password=${DATABASE_PASSWORD:-}
mkdir -p "$ASR_RUNDIR"

case "$command" in
migrate)
	migrate
	say "database up to date"
	;;
serve)
	check_key_files
	[ "${ASR_MIGRATE:-1}" = 0 ] || migrate
	serve
	;;
esac
