#!/usr/bin/env bash
# Installs what the validation tests need on a Debian 12 machine, as root: Podman with runc (crun fails on
# hybrid-cgroup kernels such as this testbed's, see testbed.md section 6) and debootstrap, which builds the
# tests' container images locally because no registry is reachable. Safe to run again: it only changes what
# is missing.
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "prerequisites.sh: run as root (it installs packages and writes /etc/containers/containers.conf)" >&2
    exit 1
fi

missing=()
# debian-archive-keyring: debootstrap checks bookworm against it (already there on Debian, not on Ubuntu).
for package in podman runc debootstrap debian-archive-keyring; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$package")
    fi
done

if [ "${#missing[@]}" -gt 0 ]; then
    echo "prerequisites.sh: installing ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# No default ulimits: Podman's default nofile limit cannot be set inside this sandbox.
conf=/etc/containers/containers.conf
wanted=$'[containers]\ndefault_ulimits = []\n[engine]\nruntime = "runc"\n'
if [ ! -f "$conf" ] || [ "$(cat "$conf")" != "${wanted%$'\n'}" ]; then
    if [ -f "$conf" ] && [ ! -f "$conf.before-workload" ]; then
        cp -p "$conf" "$conf.before-workload"
    fi
    mkdir -p /etc/containers
    printf '%s' "$wanted" > "$conf"
    echo "prerequisites.sh: wrote $conf"
fi

podman --version
