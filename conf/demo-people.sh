#!/bin/sh
# The demo people (issue 8), after `migrate.sh demo`: their identities are
# sealed here with the field vault's keys, as the server seals them (they
# are never stored in clear), then sql/demo/people/people.sql loads them
# with their criteria, referrals, actions and an outcome. Idempotent.
#
# The keys are ASR_VAULT_KEY_FILE, or in development var/keys/vault.keys,
# made here on first run as conf/serve.sh would (so that the server opens
# what is sealed here). Never in production.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

if [ "${ASR_ENV:-development}" = production ]; then
	echo "demo-people: not in production" >&2
	exit 1
fi
keys=${ASR_VAULT_KEY_FILE:-$ROOT/var/keys/vault.keys}
if [ ! -s "$keys" ]; then
	mkdir -p "$(dirname "$keys")"
	chmod 0700 "$(dirname "$keys")"
	(umask 077 && { "$ROOT/build/asr-admin" vaultkey seal &&
	    "$ROOT/build/asr-admin" vaultkey blind; } >"$keys.$$") &&
	    mv "$keys.$$" "$keys"
	echo "demo-people: new vault keys in $keys" >&2
fi

sealed=$("$ROOT/build/asr-admin" seal-people "$keys" \
    <"$ROOT/sql/demo/people/people.tsv")
{
	echo "CREATE TEMP TABLE demo_sealed (id uuid, identity bytea,"
	echo "    identity_key text, blind_name text, blind_name_birth text);"
	echo "$sealed"
	cat "$ROOT/sql/demo/people/people.sql"
} | PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning" \
    "$PGBIN/psql" -X -q -1 -v ON_ERROR_STOP=1 \
    "$("$ROOT/sql/cluster.sh" owner-url)" >/dev/null
echo "demo-people: loaded" >&2
