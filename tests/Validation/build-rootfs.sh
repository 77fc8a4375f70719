#!/usr/bin/env bash
# Builds, once, a Debian bookworm root filesystem with what the fixture app's tests need (Debian's python3-pytest,
# Flask and friends: no PyPI here) and the template checkers the tests use (visudo, nginx, promtool), and prints the path of
# its tarball, which the tests import as a container image. No registry is reachable, so no image can be pulled.
# The tarball is cached; a build goes into a temporary directory and is renamed into place only when complete, so
# an interrupted build never leaves a broken cache behind.
set -euo pipefail

cache=${VALIDATION_TEST_CACHE:-/var/cache/workload-tests}
mirror=${VALIDATION_TEST_MIRROR:-http://deb.debian.org/debian}
packages=python3,python3-venv,python3-pytest,python3-flask,python3-flask-sqlalchemy,python3-flask-migrate,python3-babel,sudo,nginx-light,prometheus

# Bump when the fix-ups below change.
fixups=2

# The package list is part of the name: changing it builds a new tarball instead of reusing a stale one.
key=$(printf '%s %s' "$packages" "$fixups" | sha256sum | cut -c1-12)
tarball="$cache/bookworm-minbase-$key.tar"

if [ -s "$tarball" ]; then
    echo "$tarball"
    exit 0
fi

if ! command -v debootstrap >/dev/null; then
    echo "build-rootfs.sh: debootstrap is missing; run tests/Validation/prerequisites.sh as root" >&2
    exit 1
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT

debootstrap --variant=minbase --include="$packages" bookworm "$work/rootfs" "$mirror" >&2
# Debian bookworm's python3-flask-migrate 4.0.4 declares alembic>=1.9.0, but bookworm ships alembic 1.8.1 (recorded
# as 1.8.1.dev0), which works with it; pip refuses the pair, so `pip install -r requirements.txt` fails in a venv
# over these packages. The test image relaxes the declaration to what Debian ships; the .dev0 in the specifier lets
# pip accept that pre-release number. (A PyPI install, as on real hosts, is unaffected.)
sed -i 's/^Requires-Dist: alembic (>=1.9.0)$/Requires-Dist: alembic (>=1.8.1.dev0)/' \
    "$work/rootfs/usr/lib/python3/dist-packages/Flask_Migrate-4.0.4.dist-info/METADATA"

# Leave nothing of the build host's apt state or caches in the image.
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$tarball"
echo "$tarball"
