#!/bin/sh
# notify_test.sh SERVICE_TEST KIOSK SEED DUMP SYNC WORK: the daemons speak the
# systemd notify protocol to a socket the test listens on ($NOTIFY_SOCKET):
#   id06-kiosk        READY=1 once the screen and the store are open, and
#                     STOPPING=1 at the end of a short headless session
#                     (run the way the kiosk tests run them);
#   id06-sync run     READY=1 once its loop runs, STOPPING=1 on SIGTERM, with
#                     the session's configuration (its server never answers).
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
