#!/bin/sh
# Entry point of the TLS proxy (deploy/nginx/Dockerfile). Uses the
# certificate the deployment mounts in /etc/nginx/certs (fullchain.pem and
# privkey.pem, from ./deploy/certs in docker-compose.yml); without one, and
# unless ASR_TLS_SELF_SIGNED=0, makes a self-signed certificate for local
# use, for ASR_SERVER_NAME (localhost), kept until the container is
# recreated. Then runs nginx in the foreground.
#
#   ASR_SERVER_NAME (localhost)   name in the self-signed certificate
#   ASR_TLS_SELF_SIGNED (1)       0: refuse to start without a certificate
#   ASR_HTTPS_PORT (443)          the published HTTPS port, for redirects
set -eu

CERTS=/etc/nginx/certs
SELF=/etc/nginx/selfsigned
CONF=/etc/nginx/asr
NAME=${ASR_SERVER_NAME:-localhost}
HTTPS_PORT=${ASR_HTTPS_PORT:-443}

say()
{
	echo "asr-proxy: $*" >&2
}

case "$NAME" in
''|*[!A-Za-z0-9.-]*) say "ASR_SERVER_NAME: a host name, not '$NAME'"; exit 1 ;;
esac
case "$HTTPS_PORT" in
''|*[!0-9]*) say "ASR_HTTPS_PORT must be a number"; exit 1 ;;
esac

if [ -s "$CERTS/fullchain.pem" ] && [ -s "$CERTS/privkey.pem" ]; then
	cert=$CERTS/fullchain.pem
	key=$CERTS/privkey.pem
	say "certificate: $cert"
elif [ "${ASR_TLS_SELF_SIGNED:-1}" = 0 ]; then
	say "no certificate in $CERTS (fullchain.pem, privkey.pem)" \
	    "and ASR_TLS_SELF_SIGNED=0"
	exit 1
else
	cert=$SELF/fullchain.pem
	key=$SELF/privkey.pem
	if [ ! -s "$cert" ] || [ ! -s "$key" ]; then
		(umask 077 && openssl req -x509 -newkey ec \
		    -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
		    -subj "/CN=$NAME" \
		    -addext "subjectAltName=DNS:$NAME,DNS:localhost,IP:127.0.0.1" \
		    -keyout "$key" -out "$cert" 2>/dev/null)
	fi
	say "no certificate in $CERTS: using a SELF-SIGNED one for $NAME," \
	    "for local use only"
fi

mkdir -p "$CONF"
cat >"$CONF/tls.conf" <<EOF
ssl_certificate $cert;
ssl_certificate_key $key;
EOF
if [ "$HTTPS_PORT" = 443 ]; then
	# shellcheck disable=SC2016 # nginx's variables, not the shell's
	echo 'return 301 https://$host$request_uri;' >"$CONF/redirect.conf"
else
	echo "return 301 https://\$host:$HTTPS_PORT\$request_uri;" \
	    >"$CONF/redirect.conf"
fi

nginx -t -q
exec nginx -g 'daemon off;'
