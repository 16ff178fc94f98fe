#!/bin/sh
# Makes the secrets docker-compose.yml mounts, in deploy/secrets/, those
# that are missing only: a second run changes nothing, so a key or password
# is replaced by deleting its file first (and, for the database passwords,
# by changing it in PostgreSQL too: README, "Deploy").
#
#   db_owner_password   PostgreSQL superuser asr_owner (migrations)
#   db_app_password     role asr_app, the server's (set at each start)
#   token_keys          token signing keys, PASERK lines (asr-admin keygen)
#   vault_keys          people's identities: a "seal k4.local" line and a
#                       "blind k4.local" line (asr-admin vaultkey)
#   admin_password      the first administrator's, with ASR_ADMIN_EMAIL
#
# The token and vault keys come from asr-admin: build/asr-admin when built here,
# else the API image (`docker compose build` first).
#
# The folder is the owner's alone (0700); the files in it are 0644 so that
# the containers' own users (postgres, asr) can read them once mounted.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIR=${ASR_SECRETS_DIR:-$ROOT/deploy/secrets}
IMAGE=${ASR_IMAGE:-asr-mayotte/api:latest}

say()
{
	echo "secrets: $*" >&2
}

random()
{
	# 32 random bytes, base64url without padding (43 characters).
	head -c 32 /dev/urandom | base64 | tr -d '\n=' | tr '+/' '-_'
}

asr_admin()
{
	if [ -x "$ROOT/build/asr-admin" ]; then
		"$ROOT/build/asr-admin" "$@"
	elif command -v docker >/dev/null 2>&1 &&
	    docker image inspect "$IMAGE" >/dev/null 2>&1; then
		docker run --rm --entrypoint /opt/asr/build/asr-admin "$IMAGE" "$@"
	else
		say "no asr-admin: run \`docker compose build\` (or \`make" \
		    "build/asr-admin\`) first"
		return 1
	fi
}

# make NAME COMMAND...: the file NAME from COMMAND's output, if missing.
make_secret()
{
	name=$1
	shift
	if [ -e "$DIR/$name" ]; then
		if [ ! -f "$DIR/$name" ] || [ ! -s "$DIR/$name" ]; then
			say "$DIR/$name is not a file with content: remove it"
			exit 1
		fi
		return 0
	fi
	if ! "$@" >"$DIR/$name.tmp" || [ ! -s "$DIR/$name.tmp" ]; then
		rm -f "$DIR/$name.tmp"
		say "could not make $name"
		exit 1
	fi
	chmod 0644 "$DIR/$name.tmp"
	mv "$DIR/$name.tmp" "$DIR/$name"
	say "made $DIR/$name"
}

vault_keys()
{
	asr_admin vaultkey seal && asr_admin vaultkey blind
}

mkdir -p "$DIR"
chmod 0700 "$DIR"
umask 077

make_secret db_owner_password random
make_secret db_app_password random
make_secret token_keys asr_admin keygen
make_secret vault_keys vault_keys
make_secret admin_password random
