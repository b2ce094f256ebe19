#!/usr/bin/env bash
# check_e2e.sh KIOSK SYNC DEVSERVER CHIP_SIM SOURCE_DIR WORK
# id06-kiosk --check on a good setup (the reference server on loopback with
# the test PKI, the CSCA of the test-only PKI, a video file as camera, the
# PN532 emulator as reader): every line ok, exit 0.  Then one broken
# setting at a time: that check's line says FAIL with what is wrong, and
# the exit status is 1.  Expired certificates are made here with openssl.
set -u
kiosk=$1 sync=$2 devserver=$3 chip_sim=$4 src=$5 work=$6
rm -rf "$work"
mkdir -p "$work"
fails=0
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done; }
trap cleanup EXIT
wait_for() { # FILE WORD
	for _ in $(seq 1 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
	echo "check_e2e: $1 never said \"$2\":"; cat "$1"; exit 1
}

# ---- the good setup --------------------------------------------------------
"$src/scripts/make-test-ca" "$work/pki" >/dev/null || exit 1
"$devserver" --listen 127.0.0.1:0 --db "$work/server.db" --cert "$work/pki/server.pem" \
	--key "$work/pki/server.key" --client-ca "$work/pki/ca.pem" >"$work/server.log" 2>&1 &
pids+=($!)
wait_for "$work/server.log" ready
port=$(grep -o "port=[0-9]*" "$work/server.log" | head -1 | cut -d= -f2)
"$chip_sim" --mrz "$src/kiosk/tests/documents/svensson-td3.mrz" --pn532 "$work/pn532" \
	>"$work/sim.log" 2>&1 &
pids+=($!)
wait_for "$work/sim.log" ready
mkdir -p "$work/csca"
cp "$src/tests/data/chip/test-only-pki/trust/csca.crt" "$work/csca/"
head -c 32 /dev/urandom >"$work/store.key"
head -c 32 /dev/urandom >"$work/other.key"
chmod 600 "$work/store.key" "$work/other.key"
good() {
	cat <<CONF
server_url = https://127.0.0.1:$port/v1
ca_file = $work/pki/ca.pem
cert_file = $work/pki/kiosk-1.pem
key_file = $work/pki/kiosk-1.key
store_path = $work/store.db
store_key_file = $work/store.key
CONF
}
# The devices and the CSCA folder: --check's options (they override the
# configuration's kiosk_camera, kiosk_nfc and the default CSCA folder).
camera=video:$src/tests/data/mrz-video/passport.avi
nfc=pn532_uart:$work/pn532
csca=$work/csca
devices() { echo --camera "$camera" --nfc "$nfc" --csca "$csca"; }
good >"$work/good.conf"
"$sync" -c "$work/good.conf" status >/dev/null || { echo "check_e2e: id06-sync could not make the store"; exit 1; }

if "$kiosk" --check --config "$work/good.conf" $(devices) >"$work/good.out" 2>"$work/good.err" &&
	! grep -qv "^ok " <(sed '$d' "$work/good.out") && [ "$(wc -l <"$work/good.out")" -ge 11 ]; then
	echo "ok   good setup: every check ok, exit 0"
else
	echo "FAIL good setup: expected every line ok and exit 0, got:"
	cat "$work/good.out" "$work/good.err"
	fails=$((fails + 1))
fi

# ---- expired certificates ------------------------------------------------------
cat >"$work/ca.cnf" <<CNF
[ca]
default_ca = test
[test]
dir = $work/ca-db
database = \$dir/index.txt
new_certs_dir = \$dir
serial = \$dir/serial
default_md = sha256
policy = any
[any]
commonName = supplied
CNF
mkdir -p "$work/ca-db"
: >"$work/ca-db/index.txt"
echo 1000 >"$work/ca-db/serial"
expired() { # OUT CN [selfsign]
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
	openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
	if [ "${3:-}" = selfsign ]; then
		openssl ca -batch -config "$work/ca.cnf" -selfsign -keyfile "$1.key" -in "$1.csr" \
			-out "$1.pem" -startdate 20200101000000Z -enddate 20210101000000Z -notext 2>/dev/null
	else
		openssl ca -batch -config "$work/ca.cnf" -cert "$work/pki/ca.pem" -keyfile "$work/pki/ca.key" \
			-in "$1.csr" -out "$1.pem" -startdate 20200101000000Z -enddate 20210101000000Z -notext 2>/dev/null
	fi
	[ -s "$1.pem" ] || { echo "check_e2e: openssl could not make $1.pem"; exit 1; }
}
expired "$work/expired-kiosk" kiosk-test-01
expired "$work/expired-csca" "Expired CSCA" selfsign
mkdir -p "$work/csca-expired" "$work/csca-empty"
cp "$work/csca/csca.crt" "$work/csca-expired/"
cp "$work/expired-csca.pem" "$work/csca-expired/lemuria.pem"

# ---- one broken setting per case --------------------------------------------
# case NAME CHECK PHRASE SED-EXPRESSION [ENV=VALUE] [camera=|nfc=|csca=VALUE]
case_() {
	local name=$1 check=$2 phrase=$3 edit=$4 env=${5:-}
	local camera=$camera nfc=$nfc csca=$csca
	[ -n "${6:-}" ] && local "$6"
	good | sed "$edit" >"$work/$name.conf"
	env $env "$kiosk" --check --config "$work/$name.conf" $(devices) \
		>"$work/$name.out" 2>"$work/$name.err"
	local rc=$?
	local line
	line=$(grep "^FAIL $check " "$work/$name.out")
	if [ $rc -eq 1 ] && printf '%s' "$line" | grep -qF -- "$phrase"; then
		echo "ok   $name: $line"
	else
		echo "FAIL $name: expected exit 1 and \"FAIL $check ... $phrase\", got exit $rc:"
		cat "$work/$name.out"
		fails=$((fails + 1))
	fi
}
case_ config_unknown config "colour" '$a colour = blue'
case_ store_wrong_key store "store key" "s|$work/store.key|$work/other.key|"
case_ store_key_missing store "store key" "s|$work/store.key|$work/none.key|"
case_ csca_empty csca "no CSCA certificate" "" "" csca=$work/csca-empty
case_ csca_expired csca "lemuria.pem (2021-01-01)" "" "" csca=$work/csca-expired
case_ model_missing model "does not load in Tesseract" "" ID06_MRZ_MODEL=$work/none.traineddata
case_ camera_missing camera "not found" "" "" camera=/dev/id06-no-camera
case_ nfc_missing nfc "no NFC reader at pn532_uart:$work/none" "" "" nfc=pn532_uart:$work/none
case_ client_cert_expired client-cert "expired on 2021-01-01" "s|kiosk-1.pem|../expired-kiosk.pem|"
case_ client_key_missing client-cert "key_file" "s|kiosk-1.key|none.key|"
case_ server_ca_missing server-ca "cannot be read" "s|pki/ca.pem|pki/none.pem|"
case_ server_unreachable server "127.0.0.1:1" "s|127.0.0.1:$port|127.0.0.1:1|"
case_ server_refuses_kiosk server "refused this kiosk's certificate" "s|kiosk-1|other-client|"

[ $fails -eq 0 ] && echo "check_e2e: all passed" || echo "check_e2e: $fails failed"
[ $fails -eq 0 ]
