#!/usr/bin/env bash
# Builds, once, a Debian 13 (trixie) root filesystem with what the fixture app's tests need (Debian's python3-pytest,
# Flask 3, Flask-SQLAlchemy 3.1, SQLAlchemy 2, Flask-Migrate, Flask-Babel 4, Flask-Login, Flask-WTF, Flask-HTTPAuth:
# no PyPI here, and Debian 12's are too old for the fixture) and the template checkers the tests use (visudo, nginx,
# promtool), and prints the path of its tarball, which the tests import as a container image. No registry is reachable, so no image can be pulled.
# The tarball is cached; a build goes into a temporary directory and is renamed into place only when complete, so
# an interrupted build never leaves a broken cache behind.
set -euo pipefail

cache=${VALIDATION_TEST_CACHE:-/var/cache/workload-tests}
mirror=${VALIDATION_TEST_MIRROR:-http://deb.debian.org/debian}
suite=trixie
packages=python3,python3-venv,python3-pytest,python3-flask,python3-flask-sqlalchemy,python3-flask-migrate,python3-flask-babel,python3-flask-login,python3-flaskext.wtf,python3-flask-httpauth,python3-email-validator,python3-babel,python3-greenlet,sudo,nginx-light,prometheus

# Bump when the recipe changes in a way the suite and package list do not show.
fixups=3

# The package list is part of the name: changing it builds a new tarball instead of reusing a stale one.
key=$(printf '%s %s %s' "$suite" "$packages" "$fixups" | sha256sum | cut -c1-12)
tarball="$cache/$suite-minbase-$key.tar"

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

debootstrap --variant=minbase --include="$packages" "$suite" "$work/rootfs" "$mirror" >&2

# Leave nothing of the build host's apt state or caches in the image.
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
mv "$work/rootfs.tar" "$tarball"
echo "$tarball"
