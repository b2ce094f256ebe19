#!/usr/bin/env bash
# chip_pace_e2e.sh ID06_CHIP ID06_CHIP_SIM WORKDIR - PACE end to end: the
# real libnfc pn532_uart driver against id06-chip-sim offering BAC only,
# PACE ECDH-GM (MRZ or CAN) with BAC, or PACE with the CAN only.  Each row:
# the chip's access and fault, id06-chip's options, the exit code and a
# piece of the JSON report (the access protocol used, or the error).  The
# simulator is stopped by its PID after every case and on any exit.
set -uo pipefail
chip=$1 sim=$2 work=$3
. "$(dirname "$0")/chip_e2e_lib.sh"
# Same document, expiry one day later (check digits valid): the wrong key.
wrong=$'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204160ZE184226B<<<<<10'

case_ "BAC-only chip: BAC" "$td3" 0 '"access":"BAC"' --access bac
case_ "PACE chip, MRZ" "$td3" 0 '"access":"PACE-ECDH-GM"' --access pace-ecdh --can 123456
case_ "PACE chip, CAN" "$td3" 0 '"access":"PACE-ECDH-GM"' --access pace-ecdh --can 123456 -- --can 123456
case_ "PACE chip, other parameters (P-256)" "$td3" 0 '"access":"PACE-ECDH-GM"' --access pace-ecdh --pace-param 12
case_ "PACE chip, --bac-only" "$td3" 0 '"access":"BAC"' --access pace-ecdh -- --bac-only
case_ "PACE chip, wrong MRZ: refused, no BAC" "$wrong" 2 '"error":{"stage":"access","message":"the chip refused access' --access pace-ecdh
case_ "PACE chip, wrong CAN: refused" "$td3" 2 'refused the card access number' --access pace-ecdh --can 123456 -- --can 654321
case_ "PACE chip, wrong CAN, --bac-fallback: BAC" "$td3" 0 '"access":"BAC"' --access pace-ecdh --can 123456 -- --can 654321 --bac-fallback
case_ "bad chip token: MAC failure, fail closed" "$td3" 2 '"message":"message authentication failed' --access pace-ecdh --fault bad-pace-token
case_ "bad chip token, --bac-fallback: BAC" "$td3" 0 '"access":"BAC"' --access pace-ecdh --fault bad-pace-token -- --bac-fallback
case_ "CAN-only chip, MRZ: needs the CAN" "$td3" 2 'card access number' --access pace-only-can --can 123456
case_ "CAN-only chip, MRZ, --bac-fallback: still needs the CAN" "$td3" 2 'card access number' --access pace-only-can --can 123456 -- --bac-fallback
case_ "CAN-only chip, CAN" "$td3" 0 '"access":"PACE-ECDH-GM"' --access pace-only-can --can 123456 -- --can 123456
e2e_summary "PACE end to end"
