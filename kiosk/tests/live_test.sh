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
. "$here/live_lib.sh"
live_setup
"$seed" "$work/kiosk.conf" "$here/demo-document/orders.txt" || fail "seeding the store"
start_sim "$here/demo-document/lindstrom-td3.mrz"
start_kiosk language
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
staff_login
tap back
wait_screen language 10

stop_kiosk

"$dump" "$work/kiosk.conf" >"$work/outbox.got" || fail "reading the outbox"
cat >"$work/outbox.want" <<OUT
identity_verified K-10 v1 document=passport/SWE permit=none passive_auth=passed face=jpeg access=BAC chip_auth=not_supported active_auth=not_supported
account_created K-10 v1 contact=yes language=en
order_confirmed K-10 v1
OUT
diff -u "$work/outbox.want" "$work/outbox.got" || fail "the outbox differs (- expected, + got)"
echo "live_test: the live kiosk walked a whole session by real clicks; outbox as expected"
