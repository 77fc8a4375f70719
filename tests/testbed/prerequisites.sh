#!/usr/bin/env bash
# Installs what the local testbed needs on a fresh Debian 12 machine, as root. Safe to run again: apt-get
# skips what is installed, and the package lists are refreshed only when they are missing or a day old.
#
#   debootstrap        builds the hosts' root filesystem
#   systemd-container  systemd-nspawn boots the hosts
#   apt-cacher-ng      the apt proxy the hosts install packages through
#   iproute2           ip netns / ip link for the hosts' network
#   openssh-client     ssh and ssh-keygen: host keys, the client key, the tests' logins
#   busybox            its httpd serves the mirror directory (HEAD and Range requests)
#   util-linux         nsenter and setsid (present on Debian, listed so the intent is explicit)
#   python3-yaml       the grafana and Jenkins TEST DOUBLEs run on this machine in their tests (they read YAML)
#   git                the Jenkins TEST DOUBLE's tests make git repositories
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
  echo "prerequisites.sh: run as root (the testbed creates namespaces, mounts and a bridge)" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Another apt-get may hold the dpkg lock for a while (unattended upgrades, a parallel build): wait for it.
apt_get() { apt-get -o DPkg::Lock::Timeout=600 "$@"; }

if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages' -mmin -1440 -print -quit)" ]; then
  apt_get update -q
fi

# apt-cacher-ng's package starts a system service when it can; the testbed runs its own instance instead,
# so keep the package from starting one (policy-rc.d 101 = action forbidden) during this install only.
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod 0755 "$policy"
  created_policy=true
fi
trap '"$created_policy" && rm -f "$policy"' EXIT

apt_get install -y -q --no-install-recommends \
  debootstrap systemd-container apt-cacher-ng iproute2 openssh-client busybox util-linux python3-yaml git

# Every booted host's systemd takes inotify instances of root's, shared by all hosts of all testbeds here; the
# kernel's default (128) runs out at about a dozen hosts, and the next one fails to boot ("Too many open files").
limits=/etc/sysctl.d/60-workload-testbed.conf
instances=$(cat /proc/sys/fs/inotify/max_user_instances)
watches=$(cat /proc/sys/fs/inotify/max_user_watches)
if [ "$instances" -lt 1024 ] || [ "$watches" -lt 524288 ]; then
  # Raised only: a higher value set by someone else stays.
  [ "$instances" -ge 1024 ] || instances=1024
  [ "$watches" -ge 524288 ] || watches=524288
  printf '# Written by tests/testbed/prerequisites.sh: room for many systemd-nspawn hosts.\nfs.inotify.max_user_instances = %s\nfs.inotify.max_user_watches = %s\n' \
    "$instances" "$watches" > "$limits"
  sysctl -q -p "$limits"
  echo "prerequisites.sh: raised the inotify limits for the testbed's hosts ($limits)"
fi

echo "prerequisites.sh: testbed prerequisites are installed"
