#!/bin/sh
# Installs the Debian packages named on the command line that are missing,
# and nothing when all are present, so that a second `make run` is instant.
set -eu

missing=""
for pkg in "$@"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	case "$status" in
	"install ok installed") ;;
	*) missing="$missing $pkg" ;;
	esac
done

[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "deps: missing packages:$missing; run as root or install sudo" >&2
	exit 1
fi

echo "deps: installing$missing"
# The project runs its own cluster under var/: ask Debian not to create and
# start a system-wide one when it installs PostgreSQL.
case "$missing" in
*postgresql*)
	if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
		$sudo mkdir -p /etc/postgresql-common
		echo "create_main_cluster = false" |
		    $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
	fi
	;;
esac
$sudo apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends $missing
