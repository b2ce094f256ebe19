# pcscd_private.sh - sourced by the PC/SC tests and scripts/bench-chip: a
# private pcscd with vsmartcard's vpcd driver, for id06-chip-sim --vpcd.
#
#   pcscd_private_enter SCRIPT ARGS...   re-runs SCRIPT in its own mount and
#                                        network namespace (needs root), so
#                                        pcscd's fixed /run/pcscd and vpcd's
#                                        port are private; exits 77 when no
#                                        pcscd can run here, saying why
#   pcscd_private_start DIR [READERS]    pcscd -f with a reader.conf.d in DIR
#                                        naming vpcd (or no reader when
#                                        READERS is "none"); sets pcscd_pid,
#                                        vpcd_port
#   pcscd_private_stop                   stops it (by its PID)
#
# Debian's vsmartcard-vpcd installs /etc/reader.conf.d/vpcd naming
# /usr/lib/pcsc/drivers/serial/libifdvpcd.so with DEVICENAME /dev/null:PORT
# (vpcd listens on PORT for reader 00 00 and PORT+1 for 00 01); the private
# file says the same with the port chosen here.

vpcd_driver=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
pcscd_pid=
vpcd_port=35963

pcscd_private_enter() {
	if ! command -v pcscd >/dev/null || [ ! -e "$vpcd_driver" ]; then
		echo "SKIP: pcscd or the vpcd driver is not installed (scripts/setup installs pcscd and vsmartcard-vpcd)"
		exit 77
	fi
	if [ -n "${ID06_PCSCD_PRIVATE:-}" ]; then
		# Inside: a tmpfs over /run/pcscd (pcscd's socket and pid file)
		# and the loopback interface up for vpcd's port.
		mount -t tmpfs -o mode=0755 tmpfs /run/pcscd || exit 1
		ip link set lo up || exit 1
		return 0
	fi
	if [ "$(id -u)" = 0 ] && mkdir -p /run/pcscd &&
		unshare --mount --net true 2>/dev/null; then
		ID06_PCSCD_PRIVATE=1 exec unshare --mount --net "$@"
	fi
	# No namespaces (not root, or a container that forbids them): the
	# shared /run/pcscd only works when no other pcscd holds it.
	if [ -e /run/pcscd/pcscd.pid ] && kill -0 "$(cat /run/pcscd/pcscd.pid)" 2>/dev/null; then
		echo "SKIP: a pcscd already runs here (pid $(cat /run/pcscd/pcscd.pid)) and no private"
		echo "  namespace can be made for a second one (run as root, or stop that pcscd)"
		exit 77
	fi
	if [ ! -w /run/pcscd ] && ! mkdir -p /run/pcscd 2>/dev/null; then
		echo "SKIP: pcscd needs /run/pcscd, which this user cannot create (run as root)"
		exit 77
	fi
	vpcd_port=$((20000 + $$ % 20000))   # the shared network: away from the default
}

pcscd_private_start() {
	local dir readers=${2:-vpcd}
	mkdir -p "$1"
	dir=$(cd "$1" && pwd)   # pcscd works from /: it needs a whole path
	rm -rf "$dir/reader.conf.d"
	mkdir -p "$dir/reader.conf.d"
	if [ "$readers" != none ]; then
		printf 'FRIENDLYNAME "Virtual PCD"\nDEVICENAME /dev/null:%s\nLIBPATH %s\nCHANNELID %s\n' \
			"$vpcd_port" "$vpcd_driver" "$vpcd_port" >"$dir/reader.conf.d/vpcd"
	fi
	# --auto-exit: even a killed test leaves no pcscd behind for long.
	# --info: the log says when a card comes and goes ("Card inserted
	# into READER", "Card Removed From READER").
	pcscd --foreground --info --auto-exit --config "$dir/reader.conf.d" >"$dir/pcscd.log" 2>&1 &
	pcscd_pid=$!
	local i
	for i in $(seq 200); do
		[ -S /run/pcscd/pcscd.comm ] && return 0
		kill -0 "$pcscd_pid" 2>/dev/null || break
		sleep 0.05
	done
	echo "pcscd did not start; its log:"
	sed 's/^/  pcscd: /' "$dir/pcscd.log"
	return 1
}

pcscd_private_stop() {
	if [ -n "$pcscd_pid" ]; then
		kill "$pcscd_pid" 2>/dev/null
		wait "$pcscd_pid" 2>/dev/null
		pcscd_pid=
	fi
	# pcscd removes its socket on exit; wait so the next one starts clean.
	local i
	for i in $(seq 100); do
		[ -e /run/pcscd/pcscd.comm ] || return 0
		sleep 0.05
	done
}
