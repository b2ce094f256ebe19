#!/bin/sh
# live_devices_test.sh KIOSK DUMP CHIPSIM WORKDIR: the live kiosk watches its
# devices (run under tests/with-xvfb).  Its chip reader is
# pn532_uart:WORKDIR/pn532, a link nobody made yet, and its camera the
# picture folder WORKDIR/camera:
#   - no reader: out of order (reader_missing); staff log in and the device
#     list says the reader is missing; staff out: still out of order;
#   - id06-chip-sim makes the link: the start screen, with no click;
#   - the camera folder moved away: out of order (camera_missing), the
#     device list says so; moved back: the start screen;
#   - the simulator stops (its link goes): out of order again.
# SIGTERM ends the kiosk: exit 0; nothing was queued; the log names what
# went missing and came back.
set -u
kiosk=$1 dump=$2 chipsim=$3 work=$4
here=$(cd "$(dirname "$0")" && pwd)
. "$here/live_lib.sh"
live_setup

start_kiosk out_of_order
wait_status "problem reader_missing" 10
staff_login
tap menu:devices
wait_screen staff_devices 10
wait_status "line 0 chip reader: MISSING - $work/pn532 missing .*" 10
wait_status "line 1 camera: ready - $work/camera (picture folder)" 10
tap back
wait_screen staff_menu 10
tap back
wait_screen out_of_order 10

start_sim "$here/demo-document/lindstrom-td3.mrz"
wait_screen language 30

mv "$work/camera" "$work/camera.away"
wait_screen out_of_order 30
wait_status "problem camera_missing" 10
staff_login
tap menu:devices
wait_screen staff_devices 10
wait_status "line 0 chip reader: ready - $work/pn532 (device)" 10
wait_status "line 1 camera: MISSING - $work/camera missing .*" 10
tap back
wait_screen staff_menu 10
tap back
wait_screen out_of_order 10
mv "$work/camera.away" "$work/camera"
wait_screen language 30

stop_sim
wait_screen out_of_order 30
wait_status "problem reader_missing" 10

stop_kiosk
grep -q "chip reader missing: $work/pn532 missing" "$work/kiosk.log" || fail "no 'chip reader missing' in the kiosk's log"
grep -q "chip reader back: $work/pn532" "$work/kiosk.log" || fail "no 'chip reader back' in the kiosk's log"
grep -q "camera missing: $work/camera missing" "$work/kiosk.log" || fail "no 'camera missing' in the kiosk's log"
grep -q "camera back: $work/camera" "$work/kiosk.log" || fail "no 'camera back' in the kiosk's log"
"$dump" "$work/kiosk.conf" >"$work/outbox.got" || fail "reading the outbox"
[ -s "$work/outbox.got" ] && fail "expected nothing queued, got: $(cat "$work/outbox.got")"
echo "live_devices_test: reader and camera went and came back; the live kiosk followed"
