#!/bin/sh
# notify_test.sh SERVICE_TEST KIOSK SEED DUMP SYNC WORK: the daemons speak the
# systemd notify protocol to a socket the test listens on ($NOTIFY_SOCKET):
#   id06-kiosk        READY=1 once the screen and the store are open, and
#                     STOPPING=1 at the end of a short headless session
#                     (run the way the kiosk tests run them);
#   id06-sync run     READY=1 once its loop runs, STOPPING=1 on SIGTERM, with
#                     the session's configuration (its server never answers).
#   id06-kiosk live   READY=1, WATCHDOG=1 from the main loop, STOPPING=1.
set -eu
service_test=$1 kiosk=$2 seed=$3 dump=$4 sync=$5 work=$6
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work/tmp"
TMPDIR=$work/tmp "$service_test" exec --expect READY=1 --expect STOPPING=1 -- \
	"$here/../../kiosk/tests/run_session.sh" "$kiosk" "$seed" "$dump" \
	"$here/notify.script" "$work/session"
TMPDIR=$work/tmp "$service_test" exec --term-after READY=1 --expect READY=1 --expect STOPPING=1 \
	-- "$sync" -c "$work/session/kiosk.conf" run
# The live kiosk (SDL's dummy display, a picture folder as camera) under a
# watchdog of 2 s: READY=1, then WATCHDOG=1 from its main loop's heartbeat,
# STOPPING=1 on SIGTERM.
mkdir -p "$work/camera"
cp "$here/../../kiosk/tests/demo-document/lindstrom-td3.jpg" "$work/camera/"
cp "$work/session/kiosk.conf" "$work/live.conf"
cat >>"$work/live.conf" <<CONF
kiosk_camera = images:$work/camera
kiosk_screen = 1024x600
CONF
WATCHDOG_USEC=2000000 SDL_VIDEODRIVER=dummy TMPDIR=$work/tmp "$service_test" exec \
	--term-after WATCHDOG=1 --expect READY=1 --expect WATCHDOG=1 --expect STOPPING=1 \
	-- "$kiosk" --config "$work/live.conf"
