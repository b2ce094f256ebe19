#!/bin/sh
# run_session.sh KIOSK SEED DUMP SCRIPT WORKDIR
# Runs one scripted session the way CTest does: a fresh store with its own
# key, the orders of tests/sessions/orders.txt and the appointments of
# tests/sessions/appointments.txt put into it, then
# id06-kiosk --headless on the script.  Screenshots land in WORKDIR/screens.
# When SCRIPT.outbox exists, the results queued must be exactly its lines
# (kiosk_outbox_dump's form); a difference is shown as expected vs got.
# ID06_KIOSK_ARGS adds arguments to id06-kiosk (scripts/bench-kiosk: --timings).
set -eu
kiosk=$1 seed=$2 dump=$3 script=$4 work=$5
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
"$seed" "$work/kiosk.conf" "$here/sessions/orders.txt" "$here/sessions/appointments.txt"
# The staff PIN of every session test is 2468.
echo 2468 | "$kiosk" --hash-pin >"$work/staff.pin"
"$kiosk" --headless --script "$script" --config "$work/kiosk.conf" \
	--screenshots "$work/screens" --staff-pin "$work/staff.pin" ${ID06_KIOSK_ARGS:-}
expected=${script%.script}.outbox
if [ -f "$expected" ]; then
	"$dump" "$work/kiosk.conf" >"$work/outbox.got"
	if ! diff -u "$expected" "$work/outbox.got" >"$work/outbox.diff"; then
		echo "run_session.sh: the outbox differs (- expected, + got):"
		cat "$work/outbox.diff"
		exit 1
	fi
	echo "run_session.sh: outbox as expected ($(wc -l <"$expected") results)"
fi
