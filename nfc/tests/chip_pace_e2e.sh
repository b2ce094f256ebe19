#!/usr/bin/env bash
# chip_pace_e2e.sh ID06_CHIP ID06_CHIP_SIM WORKDIR - PACE end to end: the
# real libnfc pn532_uart driver against id06-chip-sim offering BAC only,
# PACE ECDH-GM or DH-GM (MRZ or CAN; every cipher, several curves) with
# BAC, or PACE with the CAN only.  Each row:
# the chip's access and fault, id06-chip's options, the exit code and a
# piece of the JSON report (the access protocol used, or the error).  The
# simulator is stopped by its PID after every case and on any exit.
set -uo pipefail
chip=$1 sim=$2 work=$3
. "$(dirname "$0")/chip_e2e_lib.sh"
mkdir -p "$work/other-trust"
# A trust store that holds only a CSCA that signed nothing here.
cp "$pki/untrusted-csca.crt" "$work/other-trust/"
# Same document, expiry one day later (check digits valid): the wrong key.
wrong=$'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204160ZE184226B<<<<<10'

case_ "BAC-only chip: BAC" "$td3" 0 '"access":"BAC"' --access bac
case_ "PACE chip, MRZ" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM AES-128 brainpoolP256r1"' --access pace-ecdh --can 123456
case_ "PACE chip, CAN" "$td3" 0 '"access":"PACE-ECDH-GM"' --access pace-ecdh --can 123456 -- --can 123456
case_ "PACE chip, other parameters (P-256)" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM AES-128 prime256v1"' --access pace-ecdh --pace-param 12
case_ "PACE DH-GM chip (MODP-1024-160), MRZ" "$td3" 0 '"access":"PACE-DH-GM","pace":"DH-GM AES-128 MODP-1024-160 (RFC 5114)"' --access pace-dh
case_ "PACE DH-GM chip, CAN, 3DES" "$td3" 0 '"access":"PACE-DH-GM","pace":"DH-GM 3DES MODP-1024-160 (RFC 5114)"' --access pace-dh --can 123456 --pace-cipher 3des -- --can 123456
case_ "PACE DH-GM chip, wrong MRZ: refused" "$wrong" 2 'the chip refused access' --access pace-dh
case_ "PACE ECDH-GM 3DES" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM 3DES brainpoolP256r1"' --access pace-ecdh --pace-cipher 3des
case_ "PACE ECDH-GM AES-192 brainpoolP384r1" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM AES-192 brainpoolP384r1"' --access pace-ecdh --pace-cipher aes192 --pace-param 16
case_ "PACE ECDH-GM AES-256 P-521" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM AES-256 secp521r1"' --access pace-ecdh --pace-cipher aes256 --pace-param 18
case_ "PACE ECDH-GM AES-256 brainpoolP512r1, CAN" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM AES-256 brainpoolP512r1"' --access pace-ecdh --pace-cipher aes256 --pace-param 17 --can 123456 -- --can 123456
case_ "PACE ECDH-GM AES-128 P-192" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM AES-128 prime192v1"' --access pace-ecdh --pace-param 8
case_ "PACE ECDH-GM 3DES brainpoolP320r1" "$td3" 0 '"access":"PACE-ECDH-GM","pace":"ECDH-GM 3DES brainpoolP320r1"' --access pace-ecdh --pace-cipher 3des --pace-param 14
case_ "PACE-CAM chip: CAM chosen over GM" "$td3" 0 '"access":"PACE-ECDH-CAM","pace":"ECDH-CAM AES-128 brainpoolP256r1"' --access pace-cam
case_ "PACE-CAM chip, AES-256 P-384, CAN: chip authenticated" "$td3" 0 '"cam_passed":true,"card_security":{"signature":"pass","chain":"pass"' --access pace-cam --pace-cipher aes256 --pace-param 15 --can 123456 -- --can 123456
case_ "PACE-CAM chip, AES-192 brainpoolP512r1" "$td3" 0 '"pace":"ECDH-CAM AES-192 brainpoolP512r1"' --access pace-cam --pace-cipher aes192 --pace-param 17
case_ "PACE-CAM chip: chip authentication by CAM counts, verdict genuine" "$td3" 0 '"chip_auth":"passed"|"chip_auth_algorithm":"PACE-CAM"|"verdict":"genuine"' --access pace-cam
case_ "PACE-CAM, trust store without the CSCA: CAM not passed" "$td3" 1 '"cam_passed":false,"card_security":{"signature":"pass","chain":"fail"' --access pace-cam -- --trust "$work/other-trust"
case_ "PACE-CAM, the chip does not hold the key of EF.CardSecurity: fails" "$td3" 2 '"message":"chip authentication failed' --access pace-cam --fault cam-wrong-key
case_ "PACE-CAM wrong key, --bac-fallback: still fails (no BAC for a failed chip)" "$td3" 2 'chip authentication failed' --access pace-cam --fault cam-wrong-key -- --bac-fallback
case_ "PACE-GM chip: cam_passed false" "$td3" 0 '"cam_passed":false,"apdus"' --access pace-ecdh
case_ "PACE chip: EF.CardAccess by SFI, 10 access APDUs" "$td3" 0 '"access_apdus":10,' --access pace-ecdh
case_ "PACE chip without SFI: EF.CardAccess by SELECT, two APDUs more (the refused SFI read, the SELECT)" "$td3" 0 '"access_apdus":12,' --access pace-ecdh --fault no-sfi
case_ "PACE chip without SFI, --sfi: files by SELECT too" "$td3" 0 '"result":"verified","access":"PACE-ECDH-GM"' --access pace-ecdh --fault no-sfi -- --sfi
case_ "BAC chip without SFI: BAC" "$td3" 0 '"access":"BAC"' --access bac --fault no-sfi
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
