#!/bin/sh
# cli_errors.sh KIOSK WORKDIR: bad start-up input gets exit 2 and a message
# naming what is wrong.  One row per case: expected exit, expected words,
# then the arguments.
kiosk=$1 work=$2
rm -rf "$work" && mkdir -p "$work"
head -c 32 /dev/urandom >"$work/store.key"
good="server_url = https://127.0.0.1:1/v1
ca_file = $work/ca.pem
cert_file = $work/cert.pem
key_file = $work/key.pem
store_path = $work/store.db
store_key_file = $work/store.key
kiosk_csca_dir = $(cd "$(dirname "$0")/../.." && pwd)/tests/data/chip/test-only-pki/trust"
printf '%s\n' "$good" >"$work/good.conf"
mkdir -p "$work/no-csca"
printf '%s\n' "$good" | sed "s|^kiosk_csca_dir = .*|kiosk_csca_dir = $work/no-csca|" >"$work/csca.conf"
printf '%s\ncamera = /dev/video0\n' "$good" >"$work/unknown.conf"
printf '%s\n' "$good" | sed 's|^server_url = .*|server_url = http://insecure/v1|' >"$work/http.conf"
printf '%s\n' "$good" | sed 's|store.key$|missing.key|' >"$work/nokey.conf"
echo "pbkdf2-sha256\$5\$00\$00" >"$work/weak.pin"
# kiosk settings: each wrong value names its line, setting and what it takes
printf '%s\nkiosk_camera = usb0\n' "$good" >"$work/camera.conf"
printf '%s\nkiosk_idle_s = 2\n' "$good" >"$work/idle.conf"
printf '%s\nkiosk_screen = huge\n' "$good" >"$work/screen.conf"
printf '%s\nkiosk_staff_pin_file = %s\n' "$good" "$work/weak.pin" >"$work/pinconf.conf"
printf '%s\nkiosk_languages = en,xx\n' "$good" >"$work/langs.conf"
printf '%s\nkiosk_language = de\n' "$good" >"$work/lang.conf"
printf 'today 2026-11-23\nbogus\n' >"$work/bad.script"
printf 'today 2026-11-23\n' >"$work/ok.script"
failures=0
check() {
	want_rc=$1 want=$2
	shift 2
	got=$("$kiosk" "$@" 2>&1)
	rc=$?
	case "$got" in
	*"$want"*) words=yes ;;
	*) words=no ;;
	esac
	if [ "$rc" != "$want_rc" ] || [ "$words" != yes ]; then
		echo "FAIL: id06-kiosk $*"
		echo "  expected: exit $want_rc, output containing \"$want\""
		echo "  got:      exit $rc, output: $got"
		failures=$((failures + 1))
	fi
}
s="--headless --script $work/ok.script"
check 2 "--headless and --script FILE go together" --headless --config "$work/good.conf"
check 2 "--window 10x10: expected WIDTHxHEIGHT" --config "$work/good.conf" --window 10x10
check 2 "--config FILE is needed" $s
check 2 "unknown argument \"--bogus\"" $s --bogus
check 2 "unknown setting \"camera\"" $s --config "$work/unknown.conf"
check 2 "server_url must start with https://" $s --config "$work/http.conf"
check 2 "store_key_file" $s --config "$work/nokey.conf"
check 2 "make it with id06-kiosk --hash-pin" $s --config "$work/good.conf" --staff-pin "$work/weak.pin"
check 2 "cannot be read" $s --config "$work/good.conf" --staff-pin "$work/none.pin"
check 2 "line 8: kiosk_camera = usb0: expected /dev/videoN" $s --config "$work/camera.conf"
check 2 "line 8: kiosk_idle_s = 2 is out of range 10..3600" $s --config "$work/idle.conf"
check 2 "line 8: kiosk_screen = huge: expected fullscreen or a window size" $s --config "$work/screen.conf"
check 2 "kiosk_staff_pin_file: staff PIN file $work/weak.pin is not one line" $s --config "$work/pinconf.conf"
check 2 "language xx is asked for but" $s --config "$work/langs.conf"
check 2 "kiosk_language = de: " $s --config "$work/lang.conf"
check 2 "kiosk_csca_dir $work/no-csca holds no usable CSCA certificate" $s --config "$work/csca.conf"
check 2 "bad.script:2" --headless --script "$work/bad.script" --config "$work/good.conf"
check 0 "every expect held" $s --config "$work/good.conf"
[ "$failures" = 0 ] && echo "cli_errors: all cases as expected"
exit "$failures"
