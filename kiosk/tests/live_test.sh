#!/bin/sh
# live_test.sh KIOSK SEED DUMP CHIPSIM WORKDIR: the live kiosk (no
# --headless) in a real X11 window, run under tests/with-xvfb.  The camera
# is a folder holding the sample passport picture (read by OCR and the
# tracker), the chip is id06-chip-sim on a pty serving the same passport,
# the store holds the holder's order.  Real mouse clicks (xdotool, XTEST)
# at the buttons' places, which the kiosk writes with the screen's name to
# --status-file, walk language -> place document -> chip -> verified ->
# contact -> order -> done -> language, then staff PIN -> staff menu ->
# back.  SIGTERM ends the kiosk: exit 0, and the outbox holds exactly the
# three results.
set -u
kiosk=$1 seed=$2 dump=$3 chipsim=$4 work=$5
here=$(cd "$(dirname "$0")" && pwd)
command -v xdotool >/dev/null 2>&1 || { echo "live_test: xdotool is missing: run scripts/setup"; exit 1; }
rm -rf "$work" && mkdir -p "$work/camera"
sim_pid= kiosk_pid=
cleanup() {
	[ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null
	[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
	wait 2>/dev/null
}
trap cleanup EXIT INT TERM
fail() {
	echo "live_test: FAIL: $*"
	echo "--- status file:"; cat "$work/status" 2>/dev/null
	echo "--- kiosk:"; cat "$work/kiosk.log" 2>/dev/null
	exit 1
}

cp "$here/demo-document/lindstrom-td3.jpg" "$work/camera/"
echo 2468 | "$kiosk" --hash-pin >"$work/staff.pin"
"$here/write_config.sh" "$work" >"$work/kiosk.conf"
cat >>"$work/kiosk.conf" <<CONF
kiosk_camera = images:$work/camera
kiosk_nfc = pn532_uart:$work/pn532
kiosk_screen = 1024x600
kiosk_dpi = 117
kiosk_staff_pin_file = $work/staff.pin
CONF
"$seed" "$work/kiosk.conf" "$here/demo-document/orders.txt" || fail "seeding the store"

"$chipsim" --mrz "$here/demo-document/lindstrom-td3.mrz" --pn532 "$work/pn532" >"$work/sim.log" 2>&1 &
sim_pid=$!
i=0
until grep -q " ready " "$work/sim.log" 2>/dev/null; do
	i=$((i + 1)); [ $i -gt 300 ] && fail "id06-chip-sim did not get ready: $(cat "$work/sim.log")"
	sleep 0.1
done

"$kiosk" --config "$work/kiosk.conf" --status-file "$work/status" >"$work/kiosk.log" 2>&1 &
kiosk_pid=$!

# wait_screen NAME SECONDS: until the status file names NAME.
wait_screen() {
	i=0
	until grep -qx "screen $1" "$work/status" 2>/dev/null; do
		kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited while waiting for $1"
		i=$((i + 1)); [ $i -gt $(($2 * 10)) ] && fail "expected screen $1 within $2 s, got $(head -1 "$work/status" 2>/dev/null)"
		sleep 0.1
	done
	echo "live_test: screen $1"
}
# click ID: a real left click at the centre of button ID of the screen shown.
click() {
	set -- $(awk -v id="$1" '$1 == "button" && $2 == id { print $3 + int($5 / 2), $4 + int($6 / 2) }' "$work/status")
	[ $# = 2 ] || fail "no button $id on screen $(head -1 "$work/status")"
	xdotool mousemove --window "$window" "$1" "$2" click 1 || fail "xdotool click"
}
tap() { id=$1; click "$1"; echo "live_test: click $id"; }

wait_screen language 30
window=$(xdotool search --sync --pid "$kiosk_pid" 2>/dev/null | head -1)
[ -n "$window" ] || fail "no window of the kiosk"
tap lang:en
wait_screen place_document 10
# The camera sees the passport: OCR, two frames agreeing, then the chip.
wait_screen verified 120
tap continue
wait_screen contact_confirm 10
tap continue
wait_screen order_summary 10
tap accept
wait_screen done 10
tap done
wait_screen language 10
tap staff
wait_screen staff_pin 10
for k in 2 4 6 8; do tap key:$k; done
tap continue
wait_screen staff_menu 30
tap back
wait_screen language 10

kill -TERM "$kiosk_pid"
wait "$kiosk_pid"
rc=$?
kiosk_pid=
[ "$rc" = 0 ] || fail "the kiosk exited $rc on SIGTERM, expected 0"
grep -q "stopped by signal 15" "$work/kiosk.log" || fail "no 'stopped by signal 15' in the kiosk's log"

"$dump" "$work/kiosk.conf" >"$work/outbox.got" || fail "reading the outbox"
cat >"$work/outbox.want" <<OUT
identity_verified K-10 v1 document=passport/SWE permit=none passive_auth=passed face=jpeg
account_created K-10 v1 contact=yes language=en
order_confirmed K-10 v1
OUT
diff -u "$work/outbox.want" "$work/outbox.got" || fail "the outbox differs (- expected, + got)"
echo "live_test: the live kiosk walked a whole session by real clicks; outbox as expected"
