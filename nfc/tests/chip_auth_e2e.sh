#!/usr/bin/env bash
# chip_auth_e2e.sh ID06_CHIP ID06_CHIP_SIM WORKDIR - proving the chip
# genuine end to end: the real libnfc pn532_uart driver against
# id06-chip-sim with chip authentication keys (--ca: ECDH brainpoolP256r1
# AES-128, ECDH P-256 3DES, DH 3DES) and active authentication keys (--aa:
# RSA ISO 9796-2, ECDSA plain and DER), the faults that must fail
# (wrong-aa-key, wrong-ca-key, dg14-not-signed), a chip with neither, and a
# reader without a trust store.  Each row: the chip's options, id06-chip's
# options, the exit code and the pieces the JSON report must hold.  The
# simulator is stopped by its PID after every case and on any exit.
set -uo pipefail
chip=$1 sim=$2 work=$3

. "$(dirname "$0")/chip_e2e_lib.sh"

genuine='"result":"verified"|"verdict":"genuine"'

case_ "AA RSA-1024 ISO 9796-2" "$td3" 0 "$genuine"'|"active_auth":"passed"|"active_auth_algorithm":"RSA-1024 ISO 9796-2 SHA-1"|"chip_auth":"not supported"|"active_auth_apdus":1' \
	--aa rsa --
case_ "AA ECDSA P-256 plain, SHA-256 from DG14" "$td3" 0 "$genuine"'|"active_auth":"passed"|"active_auth_algorithm":"ECDSA prime256v1 SHA-256"' \
	--aa ecdsa --
case_ "AA ECDSA P-384 DER, hash by key size" "$td3" 0 "$genuine"'|"active_auth":"passed"|"active_auth_algorithm":"ECDSA secp384r1 SHA-384 (DER)"' \
	--aa ecdsa-der --
case_ "CA ECDH brainpoolP256r1 AES-128 (MSE:Set AT + GA)" "$td3" 0 "$genuine"'|"chip_auth":"passed"|"chip_auth_algorithm":"ECDH brainpoolP256r1 AES-128"|"chip_auth_apdus":6' \
	--ca ecdh --
case_ "CA ECDH P-256 3DES (MSE:Set KAT)" "$td3" 0 "$genuine"'|"chip_auth":"passed"|"chip_auth_algorithm":"ECDH prime256v1 3DES"|"chip_auth_apdus":4' \
	--ca ecdh-p256 --
case_ "CA DH-1024 3DES (MSE:Set KAT)" "$td3" 0 "$genuine"'|"chip_auth":"passed"|"chip_auth_algorithm":"DH DH-1024 3DES"' \
	--ca dh --
case_ "CA and AA after PACE (AES SM)" "$td3" 0 "$genuine"'|"access":"PACE-ECDH-GM"|"chip_auth":"passed"|"active_auth":"passed"' \
	--access pace-ecdh --ca ecdh --aa rsa --
case_ "CA and AA, SFI reads" "$td3" 0 "$genuine"'|"chip_auth":"passed"|"active_auth":"passed"' \
	--ca ecdh-p256 --aa ecdsa -- --sfi
case_ "AA RSA, chip cuts the answer at Le 00: again with Le 80" "$td3" 0 "$genuine"'|"active_auth":"passed"|"active_auth_apdus":2' \
	--aa rsa --fault aa-cut --
case_ "AA ECDSA, chip cuts the answer at Le 00: again with Le 40" "$td3" 0 "$genuine"'|"active_auth":"passed"|"active_auth_apdus":2' \
	--aa ecdsa --fault aa-cut --
case_ "neither CA nor AA: not proven" "$td3" 0 '"result":"verified"|"verdict":"not proven"|"chip_auth":"not supported"|"active_auth":"not supported"|neither chip authentication (DG14) nor active authentication (DG15)' \
	--
NO_TRUST=1 case_ "no trust store: AA passes but does not count" "$td3" 1 '"verdict":"not proven"|"active_auth":"not checked: DG15 is not verified by passive authentication"|passive authentication not complete: no trust store' \
	--aa rsa --
case_ "wrong-aa-key RSA: failed" "$td3" 1 '"verdict":"failed"|"active_auth":"failed: the signature does not verify with the DG15 key (RSA-1024 ISO 9796-2)"|"verdict_reason":"active authentication failed: the signature does not verify' \
	--aa rsa --fault wrong-aa-key --
case_ "wrong-aa-key ECDSA: failed" "$td3" 1 '"verdict":"failed"|"active_auth":"failed: the signature does not verify with the DG15 key (ECDSA prime256v1 SHA-256)"' \
	--aa ecdsa --fault wrong-aa-key --
case_ "wrong-ca-key ECDH: failed" "$td3" 1 '"verdict":"failed"|"chip_auth":"failed: no valid answer under the new keys|"verdict_reason":"chip authentication failed: no valid answer under the new keys' \
	--ca ecdh --fault wrong-ca-key --
case_ "wrong-ca-key DH, AA passes: still failed" "$td3" 1 '"verdict":"failed"|"chip_auth":"failed: no valid answer under the new keys|"active_auth":"passed"' \
	--ca dh --aa rsa --fault wrong-ca-key --
case_ "dg14-not-signed: failed, CA does not count" "$td3" 1 '"verdict":"failed"|"chip_auth":"not checked: DG14 is not covered by EF.SOD"|"verdict_reason":"passive authentication failed: DG14 was read but EF.SOD has no hash for it"' \
	--ca ecdh --fault dg14-not-signed --
e2e_summary "chip and active authentication end to end"
