#!/bin/sh
# write_config.sh WORKDIR: prints the configuration of a kiosk test: a
# store in WORKDIR with the key WORKDIR/store.key (which it makes), and a
# server that is never contacted.  Tests add their kiosk_* lines after it.
work=$1
here=$(cd "$(dirname "$0")" && pwd)
head -c 32 /dev/urandom >"$work/store.key"
chmod 600 "$work/store.key"
cat <<CONF
# written by write_config.sh: the server is never contacted in a kiosk test
server_url = https://127.0.0.1:1/v1
ca_file = $work/unused-ca.pem
cert_file = $work/unused-cert.pem
key_file = $work/unused-key.pem
store_path = $work/store.db
store_key_file = $work/store.key
kiosk_csca_dir = $here/../../tests/data/chip/test-only-pki/trust
CONF
