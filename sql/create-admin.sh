#!/bin/sh
# Creates the first administrator of a fresh installation (production has
# no demo accounts). The password is read from standard input, or from the
# file ASR_ADMIN_PASSWORD_FILE (a container secret); it never appears on a
# command line. Does nothing if an account already uses the email.
#
# usage: create-admin.sh EMAIL "Display name" < password
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
email=${1:?usage: create-admin.sh EMAIL "Display name"}
name=${2:-Administrateur}

if [ -n "${ASR_ADMIN_PASSWORD_FILE:-}" ]; then
	hash=$("$ROOT/build/asr-admin" hash <"$ASR_ADMIN_PASSWORD_FILE")
else
	hash=$("$ROOT/build/asr-admin" hash)
fi

"$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -v email="$email" -v name="$name" \
    -v hash="$hash" "$("$ROOT/sql/cluster.sh" owner-url)" <<'SQL'
INSERT INTO users (email, display_name, role, password_hash)
SELECT :'email', :'name', 'admin', :'hash'
WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(:'email'));
SQL
echo "create-admin: $email is an administrator (unless it already existed)" >&2
