#!/bin/sh
# Starts the API in the foreground: fills conf/asr.conf.in from the
# environment into ASR_RUNDIR and execs Kore on it, logging to stdout one
# line per request (line-buffered, so logs reach a pipe or a file at once).
#
# PORT (8888), BIND (127.0.0.1), WORKERS (the number of cores),
# DB_CONNS (4: database connections per worker), DATABASE_URL (required),
# ASR_MODULE (build/asr.so), ASR_RUNDIR (var/run).
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-8888}
BIND=${BIND:-127.0.0.1}
WORKERS=${WORKERS:-$(nproc 2>/dev/null || echo 2)}
DB_CONNS=${DB_CONNS:-4}
ASR_MODULE=${ASR_MODULE:-$ROOT/build/asr.so}
ASR_RUNDIR=${ASR_RUNDIR:-$ROOT/var/run}

if [ -z "${DATABASE_URL:-}" ]; then
	echo "serve: DATABASE_URL is not set" >&2
	exit 1
fi
case "$PORT" in
''|*[!0-9]*) echo "serve: PORT must be a number" >&2; exit 1 ;;
esac
case "$WORKERS$DB_CONNS" in
''|*[!0-9]*) echo "serve: WORKERS and DB_CONNS are numbers" >&2; exit 1 ;;
esac
[ -f "$ASR_MODULE" ] || { echo "serve: no module at $ASR_MODULE" >&2; exit 1; }

# Token signing keys: ASR_TOKEN_KEY_FILE, or in development a key file
# under var/keys made on first run. Production brings its own (a secret).
if [ -z "${ASR_TOKEN_KEY_FILE:-}" ]; then
	if [ "${ASR_ENV:-development}" = production ]; then
		echo "serve: ASR_TOKEN_KEY_FILE is required in production" >&2
		exit 1
	fi
	ASR_TOKEN_KEY_FILE=$ROOT/var/keys/token.keys
	if [ ! -s "$ASR_TOKEN_KEY_FILE" ]; then
		mkdir -p "$(dirname "$ASR_TOKEN_KEY_FILE")"
		chmod 0700 "$(dirname "$ASR_TOKEN_KEY_FILE")"
		(umask 077 && "$ROOT/build/asr-admin" keygen \
		    >"$ASR_TOKEN_KEY_FILE.tmp") &&
		    mv "$ASR_TOKEN_KEY_FILE.tmp" "$ASR_TOKEN_KEY_FILE"
		echo "serve: new token key in $ASR_TOKEN_KEY_FILE" >&2
	fi
fi
export ASR_TOKEN_KEY_FILE

# The field vault's keys (people's identities): ASR_VAULT_KEY_FILE, or in
# development var/keys/vault.keys made on first run (a seal key and a blind
# key, asr-admin vaultkey). Production brings its own: losing it loses
# every identity, so it is backed up apart from the database (README).
if [ -z "${ASR_VAULT_KEY_FILE:-}" ]; then
	if [ "${ASR_ENV:-development}" = production ]; then
		echo "serve: ASR_VAULT_KEY_FILE is required in production" >&2
		exit 1
	fi
	ASR_VAULT_KEY_FILE=$ROOT/var/keys/vault.keys
	if [ ! -s "$ASR_VAULT_KEY_FILE" ]; then
		mkdir -p "$(dirname "$ASR_VAULT_KEY_FILE")"
		chmod 0700 "$(dirname "$ASR_VAULT_KEY_FILE")"
		(umask 077 && { "$ROOT/build/asr-admin" vaultkey seal &&
		    "$ROOT/build/asr-admin" vaultkey blind; } \
		    >"$ASR_VAULT_KEY_FILE.$$") &&
		    mv "$ASR_VAULT_KEY_FILE.$$" "$ASR_VAULT_KEY_FILE"
		echo "serve: new vault keys in $ASR_VAULT_KEY_FILE" >&2
	fi
fi
export ASR_VAULT_KEY_FILE

mkdir -p "$ASR_RUNDIR"
conf=$ASR_RUNDIR/asr-$PORT.conf
sed -e "s|@BIND@|$BIND|" -e "s|@PORT@|$PORT|" -e "s|@WORKERS@|$WORKERS|" \
    -e "s|@DBCONNS@|$DB_CONNS|" \
    -e "s|@MODULE@|$ASR_MODULE|" -e "s|@RUNDIR@|$ASR_RUNDIR|" \
    "$ROOT/conf/asr.conf.in" >"$conf"

export DATABASE_URL
# No Kerberos here: skip libpq's GSSAPI negotiation on TCP connections (an
# extra round trip and configuration reads on every connect). A conninfo
# naming gssencmode still wins.
PGGSSENCMODE=${PGGSSENCMODE:-disable}
export PGGSSENCMODE
# make test-asan: kore is not built with ASan, so its runtime is preloaded
# to come first (stdbuf appends its own library after it).
if [ -n "${ASR_KORE_PRELOAD:-}" ]; then
	LD_PRELOAD=$ASR_KORE_PRELOAD${LD_PRELOAD:+:$LD_PRELOAD}
	export LD_PRELOAD
fi
# -f foreground, -n no chroot, -r no change of user: Kore keeps whatever
# identity it is given (root under make run, uid 10001 in the container),
# and refuses to start without a runas user otherwise.
exec stdbuf -oL kore -f -n -r -c "$conf"
