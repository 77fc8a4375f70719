#!/usr/bin/env bash
# End-to-end check of a built mirror from inside a throwaway Debian bookworm
# container, the way a test host uses it:
#
#   tests/testbed/mirror/e2e.sh OUTDIR
#
# Serves OUTDIR on 127.0.0.1 (python3 -m http.server), then runs
# e2e-inside.sh in an ephemeral copy of a cached bookworm root filesystem with
# systemd-nspawn (no boot, host network): apt repositories with signed-by
# keyrings, installing the jenkins and grafana test doubles, running them by
# hand, checksums of the release tarballs, the real node_exporter scraped by
# the real Prometheus, Grafana's data source health against that Prometheus,
# git clone of the app, the dashboard download.
#
# Needs root, debootstrap and systemd-nspawn. The root filesystem is built
# once (about a minute) at MIRROR_E2E_ROOTFS (default
# /var/tmp/mirror-check-rootfs) and never modified; each run works on a copy
# that is thrown away. Prints "N passed, M failed"; exits 1 if any failed.
# (systemd-nspawn may print "Attempted to remove disk file system under
# /run/systemd/nspawn/propagate/...": harmless on a machine whose /run is not
# a tmpfs.)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOTFS=${MIRROR_E2E_ROOTFS:-/var/tmp/mirror-check-rootfs}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

die() { echo "mirror/e2e.sh: error: $*" >&2; exit 1; }

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
OUTDIR=$(realpath -- "$1")
[ -f "$OUTDIR/mirror.json" ] || die "$OUTDIR has no mirror.json (build it with build.sh first)"
[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, systemd-nspawn)"
for cmd in debootstrap systemd-nspawn python3; do
	command -v "$cmd" >/dev/null 2>&1 || die "$cmd is missing (apt-get install -y debootstrap systemd-container python3)"
done

if [ ! -x "$ROOTFS/usr/bin/python3" ]; then
	echo "mirror/e2e.sh: building $ROOTFS (once)" >&2
	rm -rf "$ROOTFS.new"
	debootstrap --variant=minbase --include=systemd,systemd-sysv,python3,gnupg,ca-certificates,curl,git \
		bookworm "$ROOTFS.new" "$DEBIAN_MIRROR" >"$ROOTFS.log" 2>&1 || die "debootstrap failed (log: $ROOTFS.log)"
	mv "$ROOTFS.new" "$ROOTFS"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
MIRROR_PORT=$(free_port)

WORK=$(mktemp -d /var/tmp/mirror-e2e.XXXXXX)
SERVER_PID=""
cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
	return 0
}
trap cleanup EXIT

python3 -m http.server "$MIRROR_PORT" --bind 127.0.0.1 --directory "$OUTDIR" >"$WORK/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 50); do
	python3 -c "import urllib.request,sys; urllib.request.urlopen(sys.argv[1], timeout=1)" \
		"http://127.0.0.1:$MIRROR_PORT/mirror.json" 2>/dev/null && break
	sleep 0.1
done

cp -a "$ROOTFS" "$WORK/root"
install -m 755 "$HERE/e2e-inside.sh" "$WORK/root/e2e-inside.sh"

echo "# phase 1: unbooted container on the host network (apt, install, services by hand)"
systemd-nspawn -q -D "$WORK/root" -M "mirror-e2e-$$" --register=no --keep-unit --as-pid2 \
	--setenv=MIRROR="http://127.0.0.1:$MIRROR_PORT" \
	--setenv=JENKINS_TEST_PORT="$(free_port)" --setenv=GRAFANA_TEST_PORT="$(free_port)" \
	--setenv=PROMETHEUS_TEST_PORT="$(free_port)" --setenv=NODE_EXPORTER_TEST_PORT="$(free_port)" \
	/bin/bash /e2e-inside.sh 2>&1 | tee "$WORK/phase1.log"

echo "# phase 2: the same container booted with systemd, private network (units, credentials)"
mkdir -p "$WORK/out"
install -m 755 "$HERE/e2e-booted.sh" "$WORK/root/e2e-booted.sh"
cat >"$WORK/root/etc/systemd/system/mirror-e2e.service" <<'EOF'
[Unit]
Description=Mirror end-to-end checks under systemd (tests/testbed/mirror/e2e.sh)
Wants=jenkins.service
After=jenkins.service

[Service]
Type=oneshot
ExecStart=/bin/bash /e2e-booted.sh
StandardOutput=append:/e2e-out/booted.log
StandardError=append:/e2e-out/booted.log

[Install]
WantedBy=multi-user.target
EOF
ln -sf ../mirror-e2e.service "$WORK/root/etc/systemd/system/multi-user.target.wants/mirror-e2e.service"
timeout 300 systemd-nspawn -q -b -D "$WORK/root" -M "mirror-e2e-boot-$$" --register=no --keep-unit \
	--private-network --bind="$WORK/out:/e2e-out" </dev/null >"$WORK/boot.log" 2>&1 || true
if [ -f "$WORK/out/booted.log" ]; then
	cat "$WORK/out/booted.log"
else
	echo "FAIL - the booted container ran no checks (console log follows)"
	tail -n 40 "$WORK/boot.log"
fi

python3 - "$WORK/phase1.log" "$WORK/out/booted.log" <<'EOF'
import re, sys
passed = failed = 0
for log in sys.argv[1:]:
    try:
        text = open(log).read()
    except OSError:
        text = ""
    m = re.search(r"^(\d+) passed, (\d+) failed$", text, re.M)
    if m:
        passed += int(m.group(1))
        failed += int(m.group(2))
    else:
        failed += 1  # that phase did not finish
print(f"e2e: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
