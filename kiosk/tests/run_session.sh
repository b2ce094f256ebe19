#!/bin/sh
# run_session.sh KIOSK SEED DUMP SCRIPT WORKDIR
# Runs one scripted session the way CTest does: a fresh store with its own
# key, the orders of tests/sessions/orders.txt put into it, then
# id06-kiosk --headless on the script.  Screenshots land in WORKDIR/screens.
# Lines "#config NAME = VALUE" in SCRIPT go into its configuration.
# When SCRIPT.outbox exists, the results queued must be exactly its lines
# (kiosk_outbox_dump's form); a difference is shown as expected vs got.
# ID06_KIOSK_ARGS adds arguments to id06-kiosk (scripts/bench-kiosk: --timings).
set -eu
kiosk=$1 seed=$2 dump=$3 script=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
"$here/write_config.sh" "$work" >"$work/kiosk.conf"
# "#config NAME = VALUE" lines of the script are kiosk settings for it.
sed -n 's/^#config //p' "$script" >>"$work/kiosk.conf"
"$seed" "$work/kiosk.conf" "$here/sessions/orders.txt"
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
