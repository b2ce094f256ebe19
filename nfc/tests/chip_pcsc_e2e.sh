#!/usr/bin/env bash
# chip_pcsc_e2e.sh ID06_CHIP ID06_CHIP_SIM WORKDIR - id06-chip through
# PC/SC end to end: the real pcscd with the real vpcd driver
# (vsmartcard-vpcd), and id06-chip-sim --vpcd as the card in vpcd's first
# reader.  pcscd runs privately (pcscd_private.sh).  Each row: the chip's
# access and fault, id06-chip's device and options, the exit code and a
# piece of the JSON report.  Then the reader-side errors: no card in the
# named reader, a name no reader has, pcscd without readers, no pcscd.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/pcscd_private.sh"
pcscd_private_enter "$0" "$@"

chip=$1 sim=$2 work=$3
top=$(cd "$here/../.." && pwd)
pki=$top/tests/data/chip/test-only-pki
mkdir -p "$work"
td3=$'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10'

sim_pid=
stop_sim() {
	if [ -n "$sim_pid" ]; then kill "$sim_pid" 2>/dev/null; wait "$sim_pid" 2>/dev/null; sim_pid=; fi
}
trap 'stop_sim; pcscd_private_stop' EXIT
pcscd_private_start "$work" || exit 1

failed=0 total=0
check() {  # NAME WANT_RC WANT_JSON RC JSON [LOG]
	if [ "$4" != "$2" ] || [[ "$5" != *"$3"* ]]; then
		echo "FAIL $1: expected exit $2 and a report with $3"
		echo "  got exit $4: $5"
		[ -n "${6:-}" ] && sed 's/^/  simulator: /' "$6"
		failed=$((failed + 1))
	fi
}

# pcscd sees a card leave only when it next polls vpcd: wait until its log
# has as many removals as insertions, so the next case's card is new.
wait_reader_empty() {
	local i ins rem
	for i in $(seq 100); do
		ins=$(grep -c 'Card inserted into Virtual PCD 00 00' "$work/pcscd.log")
		rem=$(grep -c 'Card Removed From Virtual PCD 00 00' "$work/pcscd.log")
		[ "$ins" = "$rem" ] && return 0
		sleep 0.05
	done
	echo "pcscd did not see the last card leave; its log:"
	sed 's/^/  pcscd: /' "$work/pcscd.log"
	exit 1
}

# case NAME DEVICE EXPECT_RC EXPECT_JSON [sim args] -- [id06-chip args]
case_() {
	local name=$1 device=$2 want_rc=$3 want=$4
	shift 4
	local sim_args=() chip_args=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do sim_args+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	chip_args=("$@")
	total=$((total + 1))
	local log=$work/sim-$total.log
	wait_reader_empty
	"$sim" --mrz "$td3" --pki "$pki" "${sim_args[@]}" --vpcd "127.0.0.1:$vpcd_port" >"$log" 2>&1 &
	sim_pid=$!
	# The ready line comes once vpcd took the connection: the card is in.
	for _ in $(seq 200); do grep -q ' ready ' "$log" 2>/dev/null && break; sleep 0.05; done
	local json rc
	json=$(timeout 60 "$chip" read --mrz "$td3" --device "$device" --trust "$pki/trust" \
		--json "${chip_args[@]}" 2>/dev/null)
	rc=$?
	stop_sim
	check "$name" "$want_rc" "$want" "$rc" "$json" "$log"
}

reader='"reader":"Virtual PCD 00 00, PC/SC T=1"'
case_ "BAC chip, first reader with a card" pcsc: 0 "$reader" --access bac
case_ "BAC chip: verified" pcsc: 0 '"result":"verified","access":"BAC"' --access bac
case_ "PACE chip, MRZ" pcsc: 0 '"result":"verified","access":"PACE-ECDH-GM"' --access pace-ecdh
case_ "CAN-only chip, CAN" pcsc: 0 '"access":"PACE-ECDH-GM"' --access pace-only-can --can 123456 -- --can 123456
case_ "T=0 card: answers by GET RESPONSE, BAC" pcsc: 0 '"reader":"Virtual PCD 00 00, PC/SC T=0"' --protocol t0
case_ "T=0 card: PACE, verified" pcsc: 0 '"result":"verified","access":"PACE-ECDH-GM"' --protocol t0 --access pace-ecdh
case_ "reader by its whole name" "pcsc:Virtual PCD 00 00" 0 '"result":"verified"' --access pace-ecdh
case_ "reader by the start of its name" "pcsc:Virtual PCD" 0 '"result":"verified"'
case_ "card removed during DG2 (lost-tag)" pcsc: 2 '"error":{"stage":"read","message":"the document left the reader'"'"'s field' --fault lost-tag
case_ "wrong MAC" pcsc: 2 '"message":"message authentication failed' --fault bad-mac
case_ "DG1 changed after signing" pcsc: 1 '"hash":"fail"' --fault tamper-dg1
case_ "slow chip" pcsc: 0 '"result":"verified"' --fault slow --slow-ms 20
case_ "named reader without a card" "pcsc:Virtual PCD 00 01" 2 '"stage":"reader","message":"no chip in the field' -- --wait 300
case_ "no reader of that name" "pcsc:No Such Reader" 2 '"message":"no PC/SC reader of that name: check the reader name in the device setting (pcsc:NAME) and that the reader is plugged in","readers":"Virtual PCD 00 00; Virtual PCD 00 01"'

# The text report names the readers too.
total=$((total + 1))
out=$("$chip" read --mrz "$td3" --device "pcsc:No Such Reader" 2>&1)
check "no reader of that name, text" 2 "; readers: Virtual PCD 00 00; Virtual PCD 00 01" $? "$out"

# pcscd with no reader configured.
pcscd_private_stop
pcscd_private_start "$work" none || exit 1
total=$((total + 1))
json=$("$chip" read --mrz "$td3" --device pcsc: --wait 300 --json 2>/dev/null)
check "pcscd without readers" 2 '"stage":"reader","message":"no NFC reader found' $? "$json"

# No pcscd at all.
pcscd_private_stop
total=$((total + 1))
json=$("$chip" read --mrz "$td3" --device pcsc: --wait 300 --json 2>/dev/null)
check "pcscd not running" 2 '"message":"the smart-card service pcscd is not running: start it' $? "$json"

echo "PC/SC end to end: $total cases, $failed failed"
[ "$failed" -eq 0 ]
