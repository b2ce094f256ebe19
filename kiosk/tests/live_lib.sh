# live_lib.sh: what the live kiosk tests share (sourced by live_test.sh and
# live_devices_test.sh, which set $kiosk and $work).  The kiosk runs in a
# real X11 window (tests/with-xvfb) and rewrites $work/status with the
# screen shown, its problem, the staff device list and the buttons'
# rectangles; the tests wait for what it says and click with xdotool.
command -v xdotool >/dev/null 2>&1 || { echo "live test: xdotool is missing: run scripts/setup"; exit 1; }
sim_pid= kiosk_pid= window=
live_cleanup() {
	[ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null
	[ -n "$sim_pid" ] && kill "$sim_pid" 2>/dev/null
	wait 2>/dev/null
}
trap live_cleanup EXIT INT TERM
fail() {
	echo "live test: FAIL: $*"
	echo "--- status file:"; cat "$work/status" 2>/dev/null
	echo "--- kiosk:"; cat "$work/kiosk.log" 2>/dev/null
	exit 1
}

# live_setup: a fresh $work with the camera folder $work/camera holding the
# sample passport picture, and $work/kiosk.conf: the test configuration
# (write_config.sh), staff PIN 2468, the 1024x600 window, that camera and
# the chip reader pn532_uart:$work/pn532 (id06-chip-sim's link, start_sim).
live_setup() {
	rm -rf "$work" && mkdir -p "$work/camera"
	cp "$here/demo-document/lindstrom-td3.jpg" "$work/camera/"
	echo 2468 | "$kiosk" --hash-pin >"$work/staff.pin"
	"$here/write_config.sh" "$work" >"$work/kiosk.conf"
	cat >>"$work/kiosk.conf" <<CONF
kiosk_screen = 1024x600
kiosk_dpi = 117
kiosk_staff_pin_file = $work/staff.pin
kiosk_camera = images:$work/camera
kiosk_nfc = pn532_uart:$work/pn532
CONF
}

# start_sim MRZFILE: id06-chip-sim on a pty linked at $work/pn532, ready.
start_sim() {
	"$chipsim" --mrz "$1" --pn532 "$work/pn532" >"$work/sim.log" 2>&1 &
	sim_pid=$!
	i=0
	until grep -q " ready " "$work/sim.log" 2>/dev/null; do
		i=$((i + 1)); [ $i -gt 300 ] && fail "id06-chip-sim did not get ready: $(cat "$work/sim.log")"
		sleep 0.1
	done
}

# stop_sim: SIGTERM; the simulator removes its link.
stop_sim() {
	kill -TERM "$sim_pid"
	wait "$sim_pid" 2>/dev/null
	sim_pid=
}

# start_kiosk FIRST_SCREEN: the live kiosk on $work/kiosk.conf, until it
# shows FIRST_SCREEN; finds its window.
start_kiosk() {
	"$kiosk" --config "$work/kiosk.conf" --status-file "$work/status" >"$work/kiosk.log" 2>&1 &
	kiosk_pid=$!
	wait_screen "$1" 30
	window=$(xdotool search --sync --pid "$kiosk_pid" 2>/dev/null | head -1)
	[ -n "$window" ] || fail "no window of the kiosk"
}

# stop_kiosk: SIGTERM must end it with exit 0.
stop_kiosk() {
	kill -TERM "$kiosk_pid"
	wait "$kiosk_pid"
	rc=$?
	kiosk_pid=
	[ "$rc" = 0 ] || fail "the kiosk exited $rc on SIGTERM, expected 0"
	grep -q "stopped by signal 15" "$work/kiosk.log" || fail "no 'stopped by signal 15' in the kiosk's log"
}

# wait_status LINE SECONDS: until the status file holds the line LINE
# (a grep pattern for the whole line).
wait_status() {
	i=0
	until grep -qx "$1" "$work/status" 2>/dev/null; do
		kill -0 "$kiosk_pid" 2>/dev/null || fail "the kiosk exited while waiting for \"$1\""
		i=$((i + 1)); [ $i -gt $(($2 * 10)) ] && fail "expected \"$1\" in the status within $2 s, got $(head -2 "$work/status" 2>/dev/null | tr '\n' ' ')"
		sleep 0.1
	done
}

# wait_screen NAME SECONDS: until the status file names NAME.
wait_screen() {
	wait_status "screen $1" "$2"
	echo "live test: screen $1"
}

# click ID: a real left click at the centre of button ID of the screen shown.
click() {
	set -- $(awk -v id="$1" '$1 == "button" && $2 == id { print $3 + int($5 / 2), $4 + int($6 / 2) }' "$work/status")
	[ $# = 2 ] || fail "no button $id on screen $(head -1 "$work/status")"
	xdotool mousemove --window "$window" "$1" "$2" click 1 || fail "xdotool click"
}
tap() { id=$1; click "$1"; echo "live test: click $id"; }

# staff_login: from a screen with the staff button to the staff menu.
staff_login() {
	tap staff
	wait_screen staff_pin 10
	for k in 2 4 6 8; do tap key:$k; done
	tap continue
	wait_screen staff_menu 30
}
