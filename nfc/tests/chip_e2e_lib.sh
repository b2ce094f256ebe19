# chip_e2e_lib.sh - sourced by the chip_*_e2e.sh tests: one case against a
# fresh id06-chip-sim through the real libnfc pn532_uart driver.  The
# sourcing script sets chip, sim and work; this sets pki (the committed
# test-only PKI) and td3 (the chip's MRZ).
#   case_ NAME READ_MRZ EXPECT_RC 'PIECE|PIECE...' [sim args] -- [id06-chip args]
# id06-chip gets --trust $pki/trust unless NO_TRUST=1; the JSON report must
# hold every piece.  The simulator is stopped by its PID after every case
# and on any exit; the caller ends with e2e_summary.
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
pki=$top/tests/data/chip/test-only-pki
mkdir -p "$work"
td3=$'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10'

pid=
stop() { if [ -n "$pid" ]; then kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=; fi; }
trap stop EXIT

failed=0 total=0
case_() {
	local name=$1 read_mrz=$2 want_rc=$3 want=$4
	shift 4
	local sim_args=() chip_args=() trust=(--trust "$pki/trust")
	while [ $# -gt 0 ] && [ "$1" != -- ]; do sim_args+=("$1"); shift; done
	[ $# -gt 0 ] && shift
	chip_args=("$@")
	[ "${NO_TRUST:-0}" = 1 ] && trust=()
	total=$((total + 1))
	local link=$work/pn532-$total log=$work/sim-$total.log
	rm -f "$link"
	"$sim" --mrz "$td3" --pki "$pki" "${sim_args[@]}" --pn532 "$link" >"$log" 2>&1 &
	pid=$!
	for _ in $(seq 600); do grep -q ready "$log" 2>/dev/null && break; sleep 0.05; done
	local json rc ok=1 piece pieces
	json=$(timeout 60 "$chip" read --mrz "$read_mrz" --device "pn532_uart:$link" "${trust[@]}" \
		--json "${chip_args[@]}" 2>/dev/null)
	rc=$?
	stop
	[ "$rc" = "$want_rc" ] || ok=0
	IFS='|' read -r -a pieces <<<"$want"
	for piece in "${pieces[@]}"; do [[ "$json" == *"$piece"* ]] || ok=0; done
	if [ $ok = 0 ]; then
		echo "FAIL $name: expected exit $want_rc and a report with $want"
		echo "  got exit $rc: $json"
		sed 's/^/  simulator: /' "$log"
		failed=$((failed + 1))
	fi
}

# e2e_summary WHAT: the count line; fails when a case failed.
e2e_summary() {
	echo "$1: $total cases, $failed failed"
	[ "$failed" -eq 0 ]
}
