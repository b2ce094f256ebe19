#!/usr/bin/env bash
# package_test.sh CPACK BUILD_DIR WORK: makes the Debian package of BUILD_DIR
# with CPack, unpacks it into a throwaway root (dpkg-deb -x) and checks
#   - the control fields (name, dependencies computed from the libraries),
#     the conffiles and the maintainer scripts;
#   - every file the units, the udev rule and the programs need is there,
#     and no test server or simulator;
#   - each unit's ExecStart= program and the files its arguments name
#     exist in the root; StateDirectory= and ReadWritePaths= agree;
#   - systemd-analyze verify accepts the units against the root (and
#     refuses them when a program is missing: the check can fail);
#   - the unpacked programs find their data inside the root (no source
#     tree paths): id06-kiosk --check reads the shipped configuration and
#     loads the model and the translations from the root.
set -u
cpack=$1 build=$2 work=$3
rm -rf "$work"
mkdir -p "$work/pkg" "$work/root"
fails=0
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fails=$((fails + 1)); }

# ---- build the package ----------------------------------------------------
if ! (cd "$build" && "$cpack" -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1); then
	cat "$work/cpack.log"
	bad "cpack failed"
	exit 1
fi
deb=$(ls "$work"/pkg/id06-kiosk_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { bad "no id06-kiosk_*.deb in $work/pkg"; exit 1; }
ok "package built: $(basename "$deb")"

# ---- control ----------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = id06-kiosk ] && ok "Package: id06-kiosk" || bad "Package: expected id06-kiosk, got $(field Package)"
depends=$(field Depends)
for dep in libnfc6 libtesseract5 libsdl2-2.0-0 libcurl4 libsqlite3-0 libssl3 fonts-dejavu-core adduser; do
	case ", $depends," in
	*", $dep"[\ ,]*) ok "Depends names $dep" ;;
	*) bad "Depends: expected $dep in \"$depends\"" ;;
	esac
done
dpkg-deb -e "$deb" "$work/control"
for f in /etc/id06-kiosk/kiosk.conf /etc/id06-kiosk/csca/README; do
	grep -qx "$f" "$work/control/conffiles" && ok "conffile $f" || bad "conffiles: expected $f"
done
for s in postinst prerm postrm; do
	if [ -x "$work/control/$s" ] && sh -n "$work/control/$s"; then ok "$s executable, valid sh"
	else bad "$s: expected an executable, valid shell script"; fi
done
grep -q "adduser --system" "$work/control/postinst" && ok "postinst makes the system user" ||
	bad "postinst: expected adduser --system"
grep -q "systemctl enable" "$work/control/postinst" &&
	bad "postinst enables units (a laptop must start nothing at boot)" || ok "postinst enables no unit"

# ---- files --------------------------------------------------------------------
root=$work/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/id06-kiosk usr/bin/id06-sync usr/bin/id06-chip usr/bin/id06-mrz; do
	[ -x "$root/$f" ] && ok "/$f" || bad "expected executable /$f"
done
for f in usr/share/id06-kiosk/model/mrz.traineddata usr/share/id06-kiosk/ui/lang/en.txt \
	usr/share/id06-kiosk/ui/lang/sv.txt etc/id06-kiosk/kiosk.conf etc/id06-kiosk/csca/README \
	lib/udev/rules.d/60-id06-kiosk.rules lib/modprobe.d/id06-kiosk.conf \
	usr/share/doc/id06-kiosk/README.md; do
	[ -f "$root/$f" ] && ok "/$f" || bad "expected /$f"
done
for f in usr/bin/id06-devserver usr/bin/id06-chip-sim usr/bin/id06-ui-preview; do
	[ -e "$root/$f" ] && bad "/$f is a test tool: it must not be in the package" || ok "no /$f"
done
for id in 04cc:2533 04e6:5591 072f:2200; do
	v=${id%:*} p=${id#*:}
	grep -q "idVendor}==\"$v\", ATTRS{idProduct}==\"$p\".*GROUP=\"id06-kiosk\"" \
		"$root/lib/udev/rules.d/60-id06-kiosk.rules" && ok "udev: $id to group id06-kiosk" ||
		bad "udev: expected a rule giving $id to group id06-kiosk"
done
for m in pn533_usb pn533 nfc; do
	grep -qx "blacklist $m" "$root/lib/modprobe.d/id06-kiosk.conf" && ok "modprobe: blacklist $m" ||
		bad "modprobe: expected blacklist $m"
done

# ---- units --------------------------------------------------------------------
units=$(cd "$root/lib/systemd/system" && ls id06-*)
[ -n "$units" ] || bad "no id06-* unit in /lib/systemd/system"
for u in id06-kiosk.service id06-sync.service id06-sync-purge.service id06-sync-purge.timer; do
	[ -f "$root/lib/systemd/system/$u" ] && ok "unit $u" || bad "expected unit $u"
done
value() { sed -n "s/^$2=//p" "$root/lib/systemd/system/$1"; }
for u in $units; do
	case $u in *.service) ;; *) continue ;; esac
	exec_line=$(value "$u" ExecStart)
	[ -n "$exec_line" ] || { bad "$u: no ExecStart="; continue; }
	set -- $exec_line
	prog=${1#[-@+!]}
	[ -x "$root$prog" ] && ok "$u: ExecStart program $prog is in the package" ||
		bad "$u: ExecStart program $prog is not in the package"
	shift
	for arg in "$@"; do
		case $arg in
		/etc/*|/usr/*) [ -e "$root$arg" ] && ok "$u: $arg is in the package" ||
			bad "$u: ExecStart names $arg, not in the package" ;;
		esac
	done
	state=$(value "$u" StateDirectory)
	for p in $(value "$u" ReadWritePaths); do
		[ "$p" = "/var/lib/$state" ] && ok "$u: ReadWritePaths $p is its StateDirectory" ||
			bad "$u: ReadWritePaths $p is not /var/lib/$state (StateDirectory=$state)"
	done
	[ "$(value "$u" User)" = id06-kiosk ] && ok "$u: runs as id06-kiosk" ||
		bad "$u: expected User=id06-kiosk"
done
grep -q "^ExecStart=.*store_key\|^Environment=.*KEY" "$root"/lib/systemd/system/* &&
	bad "a unit carries a secret" || ok "no secret in the units"
kiosk_unit=$root/lib/systemd/system/id06-kiosk.service
for kv in Type=notify WatchdogSec= Restart=on-failure ProtectSystem=strict NoNewPrivileges=yes \
	PrivateTmp=yes ProtectHome=yes RestrictAddressFamilies=; do
	grep -q "^$kv" "$kiosk_unit" && ok "id06-kiosk.service: $kv" || bad "id06-kiosk.service: expected $kv"
done
timer_unit=$(sed -n 's/^Unit=//p' "$root/lib/systemd/system/id06-sync-purge.timer")
[ -z "$timer_unit" ] && timer_unit=id06-sync-purge.service
[ -f "$root/lib/systemd/system/$timer_unit" ] && ok "timer starts $timer_unit" ||
	bad "timer: $timer_unit missing"
grep -q "purge$" "$root/lib/systemd/system/id06-sync-purge.service" && ok "purge service runs id06-sync purge" ||
	bad "purge service: expected ExecStart=... purge"

# systemd-analyze verify against the root: the host's standard units
# (sysinit.target ...) under ours.
cp -an /lib/systemd/system/. "$root/lib/systemd/system/"
paths=()
for u in $units; do paths+=("/lib/systemd/system/$u"); done
if out=$(systemd-analyze verify --man=no --generators=no --root="$root" "${paths[@]}" 2>&1) &&
	[ -z "$out" ]; then
	ok "systemd-analyze verify: $(echo $units)"
else
	bad "systemd-analyze verify:"
	echo "$out"
fi
mv "$root/usr/bin/id06-sync" "$work/id06-sync.moved"
if systemd-analyze verify --man=no --generators=no --root="$root" \
	/lib/systemd/system/id06-sync.service >"$work/verify-missing.log" 2>&1; then
	bad "systemd-analyze verify accepted id06-sync.service without its program"
else
	ok "systemd-analyze verify refuses a unit whose program is missing"
fi
mv "$work/id06-sync.moved" "$root/usr/bin/id06-sync"

# ---- the unpacked programs find their data in the root -----------------------
"$root/usr/bin/id06-kiosk" --check --config "$root/etc/id06-kiosk/kiosk.conf" \
	>"$work/check.out" 2>"$work/check.err"
for want in "^ok   config " "^ok   model " "^ok   data .*$root/usr/share/id06-kiosk"; do
	grep -q "$want" "$work/check.out" && ok "unpacked id06-kiosk --check: $want" ||
		{ bad "unpacked id06-kiosk --check: expected a line $want, got:"; cat "$work/check.out"; }
done
# The model the unpacked kiosk loads is the root's: damaged there, the
# check fails (the source tree's copy is not used).
cp "$root/usr/share/id06-kiosk/model/mrz.traineddata" "$work/model.keep"
head -c 1000 "$work/model.keep" >"$root/usr/share/id06-kiosk/model/mrz.traineddata"
"$root/usr/bin/id06-kiosk" --check --config "$root/etc/id06-kiosk/kiosk.conf" \
	>"$work/check-model.out" 2>&1
grep -q "^FAIL model " "$work/check-model.out" && ok "a damaged model in the root fails the check" ||
	{ bad "a damaged model in the root: expected FAIL model, got:"; cat "$work/check-model.out"; }
cp "$work/model.keep" "$root/usr/share/id06-kiosk/model/mrz.traineddata"
"$root/usr/bin/id06-sync" --help | grep -q "/etc/id06-kiosk/kiosk.conf" &&
	ok "id06-sync reads /etc/id06-kiosk/kiosk.conf by default" ||
	bad "id06-sync --help: expected the default /etc/id06-kiosk/kiosk.conf"

[ $fails -eq 0 ] && echo "package_test: all checks passed" || echo "package_test: $fails failed"
[ $fails -eq 0 ]
