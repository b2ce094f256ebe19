#!/bin/sh
# run_session.sh KIOSK SEED SCRIPT WORKDIR
# Runs one scripted session the way CTest does: a fresh store with its own
# key, the orders of tests/sessions/orders.txt put into it, then
# id06-kiosk --headless on the script.  Screenshots land in WORKDIR/screens.
set -eu
kiosk=$1 seed=$2 script=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
head -c 32 /dev/urandom >"$work/store.key"
chmod 600 "$work/store.key"
cat >"$work/kiosk.conf" <<CONF
# written by run_session.sh: the server is never contacted in a session test
server_url = https://127.0.0.1:1/v1
ca_file = $work/unused-ca.pem
cert_file = $work/unused-cert.pem
key_file = $work/unused-key.pem
store_path = $work/store.db
store_key_file = $work/store.key
CONF
"$seed" "$work/kiosk.conf" "$here/sessions/orders.txt"
exec "$kiosk" --headless --script "$script" --config "$work/kiosk.conf" \
	--screenshots "$work/screens"
