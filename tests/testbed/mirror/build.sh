#!/usr/bin/env bash
# Build the workload testbed's local download mirror in OUTDIR.
#
#   tests/testbed/mirror/build.sh OUTDIR
#
# OUTDIR is the directory an HTTP server serves to the test hosts. Every
# download the tool makes has the same path under OUTDIR as under its real
# upstream base URL, so a test only swaps the base. See README.md beside this
# file for the layout, the two TEST DOUBLES (jenkins, grafana) and the
# settings below.
#
# Settings (environment):
#   NODE_EXPORTER_VERSIONS  release versions to publish     (default "1.11.1 1.6.0")
#   PROMETHEUS_VERSIONS     release versions to publish     (default "3.14.0")
#   MIRROR_ARCHES           tarball architectures           (default "amd64 arm64")
#   JENKINS_VERSION         jenkins test double version     (default 2.541.1)
#   GRAFANA_VERSION         grafana test double version     (default 13.2.0)
#   DASHBOARD_REVISION      revision of dashboard 1860      (default 41)
#   DEPENDENCY_CHECK_VERSIONS  Dependency-Check TEST DOUBLE zips to publish (default "12.1.0")
#   DEBIAN_MIRROR           Debian archive for the binaries and the Python
#                           package index (default http://deb.debian.org/debian)
#   DEBIAN_SECURITY_MIRROR  Debian security archive         (default http://deb.debian.org/debian-security)
#   MIRROR_STATE_DIR        private state: signing keys and the .deb cache; never
#                           served, must be outside OUTDIR  (default OUTDIR.private)
#   MIRROR_REFRESH=1        look up Debian's packages again (default: reuse the cache)
#   SOURCE_DATE_EPOCH       timestamp of every built file   (default 2026-01-01T00:00:00Z)
#
# Idempotent: with unchanged inputs a re-run checks OUTDIR and exits. A build
# is made in a temporary directory beside OUTDIR and renamed into place, so an
# interrupted build never leaves a half mirror. Root is needed only when a
# build tool is missing and has to be installed with apt-get.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$HERE/../../.." && pwd)
FIXTURE="$REPO_ROOT/tests/fixtures/microblog"

NODE_EXPORTER_VERSIONS=${NODE_EXPORTER_VERSIONS:-"1.11.1 1.6.0"}
PROMETHEUS_VERSIONS=${PROMETHEUS_VERSIONS:-"3.14.0"}
MIRROR_ARCHES=${MIRROR_ARCHES:-"amd64 arm64"}
JENKINS_VERSION=${JENKINS_VERSION:-2.541.1}
GRAFANA_VERSION=${GRAFANA_VERSION:-13.2.0}
DASHBOARD_REVISION=${DASHBOARD_REVISION:-41}
DEPENDENCY_CHECK_VERSIONS=${DEPENDENCY_CHECK_VERSIONS:-"12.1.0"}
DEBIAN_MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
DEBIAN_SECURITY_MIRROR=${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
DEBIAN_SUITE=trixie
MIRROR_REFRESH=${MIRROR_REFRESH:-0}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1767225600}
PYTHON=${PYTHON:-python3}
TARBALL_OWNER=3434 # upstream Prometheus release tarballs carry their build user's numeric ids

die() { echo "mirror/build.sh: error: $*" >&2; exit 1; }
say() { echo "mirror/build.sh: $*" >&2; }

usage() {
	sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' >&2
}

# --- arguments and settings ---------------------------------------------------

if [ $# -ne 1 ] || [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ]; then
	usage
	exit 2
fi
OUTDIR=$(realpath -m -- "$1")
STATE=$(realpath -m -- "${MIRROR_STATE_DIR:-$OUTDIR.private}")
case "$STATE/" in
"$OUTDIR"/*) die "MIRROR_STATE_DIR ($STATE) is inside OUTDIR: the signing keys would be served" ;;
esac
[ "$OUTDIR" != / ] || die "OUTDIR must not be /"

check_version() { # name value
	[[ $2 =~ ^[0-9]+(\.[0-9]+)+$ ]] || die "$1 must be a version like 1.2.3, got '$2'"
}
for v in $NODE_EXPORTER_VERSIONS; do check_version NODE_EXPORTER_VERSIONS "$v"; done
for v in $PROMETHEUS_VERSIONS; do check_version PROMETHEUS_VERSIONS "$v"; done
check_version JENKINS_VERSION "$JENKINS_VERSION"
for v in $DEPENDENCY_CHECK_VERSIONS; do check_version DEPENDENCY_CHECK_VERSIONS "$v"; done
check_version GRAFANA_VERSION "$GRAFANA_VERSION"
[[ $DASHBOARD_REVISION =~ ^[0-9]+$ ]] || die "DASHBOARD_REVISION must be a number, got '$DASHBOARD_REVISION'"
[[ $SOURCE_DATE_EPOCH =~ ^[0-9]+$ ]] || die "SOURCE_DATE_EPOCH must be a number of seconds"
for a in $MIRROR_ARCHES; do
	case "$a" in amd64 | arm64 | armhf | i386 | ppc64el | s390x) ;; *) die "MIRROR_ARCHES: unsupported architecture '$a'" ;; esac
done
case " $MIRROR_ARCHES " in *" amd64 "*) ;; *) die "MIRROR_ARCHES must include amd64 (the test hosts' architecture)" ;; esac
[ -d "$FIXTURE" ] || die "app fixture not found at $FIXTURE"

# --- build tools ----------------------------------------------------------------

ensure_tools() {
	local missing=() cmd pkg
	for pair in dpkg-deb:dpkg apt-get:apt apt-ftparchive:apt-utils gpg:gnupg gpgv:gpgv \
		gpgconf:gnupg git:git flock:util-linux "$PYTHON":python3 sha256sum:coreutils \
		gzip:gzip tar:tar javac:default-jdk-headless jar:default-jdk-headless; do
		cmd=${pair%%:*} pkg=${pair##*:}
		command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
	done
	[ -f /usr/share/common-licenses/Apache-2.0 ] || missing+=(base-files)
	"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || missing+=(python3-venv)
	[ ${#missing[@]} -eq 0 ] && return 0
	[ "$(id -u)" -eq 0 ] || die "missing build tools; as root run: apt-get install -y ${missing[*]}"
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null ||
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; } ||
		die "could not install ${missing[*]}"
}
ensure_tools

mkdir -p "$STATE" "$(dirname "$OUTDIR")"
chmod 700 "$STATE"
exec 9>"$STATE/lock"
flock -n 9 || die "another build is using $STATE"

BUILD=""
cleanup() {
	local h
	for h in "$STATE"/gnupg-*; do
		[ -d "$h" ] && gpgconf --homedir "$h" --kill all >/dev/null 2>&1 || true
	done
	[ -n "$BUILD" ] && rm -rf "$BUILD"
	return 0
}
trap cleanup EXIT

# Leftovers of an interrupted run (we hold the lock, so nobody else is building).
rm -rf "$OUTDIR".old.* "$(dirname "$OUTDIR")/.$(basename "$OUTDIR")".build.*

# --- Debian's packages: the real binaries ----------------------------------------

APT_DIR="$STATE/apt"
apt_private() {
	apt-get -q -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache" \
		-o Dir::Etc::SourceList="$APT_DIR/sources.list" -o Dir::Etc::SourceParts=/nonexistent \
		-o APT::Architectures="$(echo "$MIRROR_ARCHES" | tr ' ' ',')" \
		-o APT::Sandbox::User=root "$@"
}

# Debian 13's binaries (Go, linked against glibc 2.34 at most, so they run on Debian 12 hosts too).
RELEASE_PACKAGES="prometheus prometheus-node-exporter promtool"
DEBS="$STATE/debs-$DEBIAN_SUITE"
rm -rf "$STATE/debs" # the layout before releases were part of the name
fetch_debs() {
	local have=1 pkg arch
	for pkg in $RELEASE_PACKAGES; do
		for arch in $MIRROR_ARCHES; do
			compgen -G "$DEBS/${pkg}_*_${arch}.deb" >/dev/null || have=0
		done
	done
	if [ "$have" = 1 ] && [ "$MIRROR_REFRESH" != 1 ]; then
		return 0
	fi
	say "downloading $RELEASE_PACKAGES ($MIRROR_ARCHES) from $DEBIAN_MIRROR $DEBIAN_SUITE"
	mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial"
	local archlist
	archlist=$(echo "$MIRROR_ARCHES" | tr ' ' ',')
	cat >"$APT_DIR/sources.list" <<-EOF
		deb [arch=$archlist] $DEBIAN_MIRROR $DEBIAN_SUITE main
		deb [arch=$archlist] $DEBIAN_MIRROR $DEBIAN_SUITE-updates main
		deb [arch=$archlist] $DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security main
	EOF
	apt_private update >"$APT_DIR/update.log" 2>&1 ||
		die "apt-get update of the private package lists failed (log: $APT_DIR/update.log)"
	rm -rf "$DEBS.new"
	mkdir -p "$DEBS.new"
	local wanted=()
	for pkg in $RELEASE_PACKAGES; do
		for arch in $MIRROR_ARCHES; do wanted+=("$pkg:$arch"); done
	done
	(cd "$DEBS.new" && apt_private download "${wanted[@]}") >"$APT_DIR/download.log" 2>&1 ||
		die "apt-get download ${wanted[*]} failed (log: $APT_DIR/download.log)"
	rm -rf "$DEBS" "$STATE/extract"
	mv "$DEBS.new" "$DEBS"
}
fetch_debs

# Debian's Python packages for the package index (section 6c): Debian 13's code, and greenlet's compiled module
# for each release's Python (Debian 12: 3.11, Debian 13: 3.13).
PYPI_DEBIAN_PACKAGES="python3-alembic python3-babel python-babel-localedata python3-blinker python3-click
	python3-dnspython python3-email-validator python3-flask python3-flask-babel python3-flask-httpauth
	python3-flask-login python3-flask-migrate python3-flask-sqlalchemy python3-flaskext.wtf python3-gunicorn
	python3-idna python3-iniconfig python3-itsdangerous python3-jinja2 python3-mako python3-markupsafe
	python3-packaging python3-pluggy python3-pygments python3-pytest python3-pytz python3-sqlalchemy
	python3-typing-extensions python3-werkzeug python3-wtforms"
PYPI_BINARY_PACKAGES="python3-greenlet"
fetch_python_debs() { # suite packages...
	local suite=$1 dir="$STATE/pydebs-$1" apt="$STATE/apt-python-$1" have=1 pkg
	shift
	for pkg in "$@"; do compgen -G "$dir/${pkg}_*.deb" >/dev/null || have=0; done
	if [ "$have" = 1 ] && [ "$MIRROR_REFRESH" != 1 ]; then
		return 0
	fi
	say "downloading Python packages for the package index from $DEBIAN_MIRROR $suite"
	mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial"
	cat >"$apt/sources.list" <<-EOF
		deb [arch=amd64] $DEBIAN_MIRROR $suite main
		deb [arch=amd64] $DEBIAN_MIRROR $suite-updates main
		deb [arch=amd64] $DEBIAN_SECURITY_MIRROR $suite-security main
	EOF
	local options=(-o Dir::State::Lists="$apt/lists" -o Dir::Cache="$apt/cache" -o Dir::Etc::SourceList="$apt/sources.list"
		-o Dir::Etc::SourceParts=/nonexistent -o APT::Architectures=amd64 -o APT::Sandbox::User=root)
	apt-get -q "${options[@]}" update >"$apt/update.log" 2>&1 || die "apt-get update for $suite's Python packages failed (log: $apt/update.log)"
	rm -rf "$dir.new"
	mkdir -p "$dir.new"
	(cd "$dir.new" && apt-get -q "${options[@]}" download "$@") >"$apt/download.log" 2>&1 ||
		die "apt-get download of $suite's Python packages failed (log: $apt/download.log)"
	rm -rf "$dir"
	mv "$dir.new" "$dir"
}
# shellcheck disable=SC2086 # word lists
fetch_python_debs trixie $PYPI_DEBIAN_PACKAGES $PYPI_BINARY_PACKAGES
# shellcheck disable=SC2086
fetch_python_debs bookworm $PYPI_BINARY_PACKAGES
pydeb() { # suite package -> path of the cached .deb
	local f
	f=$(compgen -G "$STATE/pydebs-$1/${2}_*.deb" | head -n1) || true
	[ -n "$f" ] || die "no cached .deb for $2 ($1) in $STATE/pydebs-$1 (set MIRROR_REFRESH=1)"
	echo "$f"
}

deb_of() { # package arch -> path of the cached .deb
	local f
	f=$(compgen -G "$DEBS/${1}_*_${2}.deb" | head -n1) || true
	[ -n "$f" ] || die "no cached .deb for $1:$2 in $DEBS (set MIRROR_REFRESH=1)"
	echo "$f"
}
deb_version() { dpkg-deb -f "$1" Version; }
extracted() { # package arch -> directory with the unpacked .deb
	local deb dir
	deb=$(deb_of "$1" "$2")
	dir="$STATE/extract/$(basename "$deb" .deb)"
	if [ ! -d "$dir" ]; then
		rm -rf "$dir.tmp"
		mkdir -p "$dir.tmp"
		dpkg-deb -x "$deb" "$dir.tmp"
		mv "$dir.tmp" "$dir"
	fi
	echo "$dir"
}

# --- signing keys (throwaway, test only, kept in STATE) ---------------------------

ensure_key() { # name user-id [expiry] -> fingerprint; an expiring key is made anew 30 days before it expires
	local home="$STATE/gnupg-$1" fpr expires
	if [ -s "$home/fingerprint" ] && [ -n "${3:-}" ]; then
		expires=$(gpg --homedir "$home" --batch --with-colons --list-keys 2>/dev/null | awk -F: '$1 == "pub" { print $7; exit }')
		if [ -z "$expires" ] || [ "$expires" -le $(($(date +%s) + 30 * 86400)) ]; then rm -f "$home/fingerprint"; fi
	fi
	if [ ! -s "$home/fingerprint" ]; then
		rm -rf "$home"
		mkdir -p "$home"
		chmod 700 "$home"
		gpg --homedir "$home" --batch --quiet --passphrase '' --pinentry-mode loopback \
			--quick-gen-key "$2" ed25519 sign "${3:-never}" 2>/dev/null || die "could not generate the $1 signing key"
		gpg --homedir "$home" --batch --with-colons --list-secret-keys 2>/dev/null |
			awk -F: '$1 == "fpr" { print $10; exit }' >"$home/fingerprint"
	fi
	fpr=$(cat "$home/fingerprint")
	[[ $fpr =~ ^[0-9A-F]{40}$ ]] || die "bad fingerprint in $home/fingerprint"
	echo "$fpr"
}
JENKINS_KEY_FPR=$(ensure_key jenkins "Jenkins repository TEST DOUBLE signing key (test only) <jenkins-double@testbed.invalid>")
# Grafana's key expires (its 2023 key did, on 2025-08-22, and was renewed): so does the double's, after two years.
GRAFANA_KEY_FPR=$(ensure_key grafana-expiring "Grafana repository TEST DOUBLE signing key (test only) <grafana-double@testbed.invalid>" 2y)

gpg_sign() { # name file-to-sign dir
	local home="$STATE/gnupg-$1" fpr
	fpr=$(cat "$home/fingerprint")
	gpg --homedir "$home" --batch --yes --quiet --pinentry-mode loopback --passphrase '' \
		--local-user "$fpr" --digest-algo SHA512 --clearsign -o "$3/InRelease" "$2"
	gpg --homedir "$home" --batch --yes --quiet --pinentry-mode loopback --passphrase '' \
		--local-user "$fpr" --digest-algo SHA512 --armor --detach-sign -o "$3/Release.gpg" "$2"
}
export_key() { # name out
	gpg --homedir "$STATE/gnupg-$1" --batch --armor --export "$(cat "$STATE/gnupg-$1/fingerprint")" >"$2"
}

# --- inputs: unchanged inputs mean nothing to do ------------------------------------

input_digest() {
	{
		printf 'settings %s|%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$NODE_EXPORTER_VERSIONS" "$PROMETHEUS_VERSIONS" \
			"$MIRROR_ARCHES" "$JENKINS_VERSION" "$GRAFANA_VERSION" "$DASHBOARD_REVISION" \
			"$SOURCE_DATE_EPOCH" "$JENKINS_KEY_FPR" "$GRAFANA_KEY_FPR" "$DEPENDENCY_CHECK_VERSIONS"
		(cd "$HERE" && find build.sh check.sh python-index.py node-exporter-full.json doubles -type f -print0 |
			sort -z | xargs -0 sha256sum)
		(cd "$HERE" && find doubles -perm -u+x -type f | sort)
		(cd "$FIXTURE" && find . -type f -print0 | sort -z | xargs -0 sha256sum)
		(cd "$FIXTURE" && find . -perm -u+x -type f | sort)
		(cd "$DEBS" && sha256sum -- *.deb)
		(cd "$STATE" && sha256sum -- pydebs-*/*.deb)
		sha256sum /usr/share/common-licenses/Apache-2.0 | cut -d' ' -f1
	} | sha256sum | cut -d' ' -f1
}
DIGEST=$(input_digest)

if [ -f "$OUTDIR/mirror.json" ] &&
	[ "$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1])).get("input_digest",""))' "$OUTDIR/mirror.json" 2>/dev/null)" = "$DIGEST" ] &&
	"$HERE/check.sh" "$OUTDIR" >/dev/null 2>&1; then
	say "$OUTDIR is up to date (inputs unchanged, check.sh passes)"
	exit 0
fi

BUILD=$(mktemp -d "$(dirname "$OUTDIR")/.$(basename "$OUTDIR").build.XXXXXX")
chmod 755 "$BUILD"
STAGE="$BUILD/.stage"
mkdir -p "$STAGE"
say "building in $BUILD"

# Deterministic files: fixed mtimes, sorted members, fixed owners, no gzip timestamp.
normalize_tree() {
	chmod -R u+rwX,go+rX,go-w "$1"
	find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
}
make_tarball() { # stage-parent dir-name output
	normalize_tree "$1/$2"
	tar -C "$1" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner="$TARBALL_OWNER" \
		--group="$TARBALL_OWNER" --numeric-owner --format=gnu -cf - "$2" | gzip -n >"$3"
}

# --- 1 and 2: node_exporter and Prometheus in GitHub release layout --------------------

release_dir() { # project version
	echo "$BUILD/$1/releases/download/v$2"
}
write_sha256sums() { # dir
	(cd "$1" && sha256sum -- *.tar.gz >sha256sums.txt)
}

for v in $NODE_EXPORTER_VERSIONS; do
	out=$(release_dir node_exporter "$v")
	mkdir -p "$out"
	for arch in $MIRROR_ARCHES; do
		src=$(extracted prometheus-node-exporter "$arch")
		name="node_exporter-$v.linux-$arch"
		mkdir -p "$STAGE/$name"
		install -m 755 "$src/usr/bin/prometheus-node-exporter" "$STAGE/$name/node_exporter"
		install -m 644 /usr/share/common-licenses/Apache-2.0 "$STAGE/$name/LICENSE"
		install -m 644 "$src/usr/share/doc/prometheus-node-exporter/NOTICE" "$STAGE/$name/NOTICE"
		make_tarball "$STAGE" "$name" "$out/$name.tar.gz"
	done
	write_sha256sums "$out"
done

for v in $PROMETHEUS_VERSIONS; do
	out=$(release_dir prometheus "$v")
	mkdir -p "$out"
	for arch in $MIRROR_ARCHES; do
		src=$(extracted prometheus "$arch")
		name="prometheus-$v.linux-$arch"
		mkdir -p "$STAGE/$name"
		install -m 755 "$src/usr/bin/prometheus" "$STAGE/$name/prometheus"
		install -m 755 "$(extracted promtool "$arch")/usr/bin/promtool" "$STAGE/$name/promtool"
		install -m 644 "$src/usr/share/doc/prometheus/examples/prometheus.yml" "$STAGE/$name/prometheus.yml"
		install -m 644 /usr/share/common-licenses/Apache-2.0 "$STAGE/$name/LICENSE"
		install -m 644 "$src/usr/share/doc/prometheus/NOTICE" "$STAGE/$name/NOTICE"
		make_tarball "$STAGE" "$name" "$out/$name.tar.gz"
	done
	write_sha256sums "$out"
done

# --- 3 and 4: the test double packages and their signed apt repositories ---------------

build_deb() { # double version output.deb
	local pkg="$STAGE/pkg-$1" f
	rm -rf "$pkg"
	cp -a "$HERE/doubles/$1" "$pkg"
	mv "$pkg/DEBIAN/control.in" "$pkg/DEBIAN/control"
	grep -rlF '@VERSION@' "$pkg" | while read -r f; do sed -i "s/@VERSION@/$2/g" "$f"; done
	normalize_tree "$pkg"
	dpkg-deb --root-owner-group -Zxz --build "$pkg" "$3" >/dev/null
}

# Jenkins: a flat repository like https://pkg.jenkins.io/debian-stable binary/
JREPO="$BUILD/jenkins/debian-stable"
JDEB="binary/jenkins_${JENKINS_VERSION}_all.deb"
mkdir -p "$JREPO/binary"
build_deb jenkins "$JENKINS_VERSION" "$JREPO/$JDEB"
(cd "$JREPO" && apt-ftparchive packages binary >binary/Packages)
gzip -9n <"$JREPO/binary/Packages" >"$JREPO/binary/Packages.gz"
(cd "$JREPO/binary" && apt-ftparchive \
	-o APT::FTPArchive::Release::Origin="jenkins.io (TEST DOUBLE)" \
	-o APT::FTPArchive::Release::Label="Jenkins (TEST DOUBLE)" \
	-o APT::FTPArchive::Release::Suite=binary \
	release . >"$STAGE/jenkins-Release")
mv "$STAGE/jenkins-Release" "$JREPO/binary/Release"
gpg_sign jenkins "$JREPO/binary/Release" "$JREPO/binary"
export_key jenkins "$JREPO/jenkins.io-2026.key"

# Grafana: a standard repository like https://apt.grafana.com stable main
GREPO="$BUILD/grafana"
GDEB="pool/main/g/grafana/grafana_${GRAFANA_VERSION}_all.deb"
mkdir -p "$GREPO/pool/main/g/grafana" "$GREPO/dists/stable/main/binary-amd64"
build_deb grafana "$GRAFANA_VERSION" "$GREPO/$GDEB"
(cd "$GREPO" && apt-ftparchive packages pool/main >dists/stable/main/binary-amd64/Packages)
gzip -9n <"$GREPO/dists/stable/main/binary-amd64/Packages" >"$GREPO/dists/stable/main/binary-amd64/Packages.gz"
(cd "$GREPO/dists/stable" && apt-ftparchive \
	-o APT::FTPArchive::Release::Origin="Grafana (TEST DOUBLE)" \
	-o APT::FTPArchive::Release::Label="Grafana (TEST DOUBLE)" \
	-o APT::FTPArchive::Release::Suite=stable -o APT::FTPArchive::Release::Codename=stable \
	-o APT::FTPArchive::Release::Architectures=amd64 -o APT::FTPArchive::Release::Components=main \
	release . >"$STAGE/grafana-Release")
mv "$STAGE/grafana-Release" "$GREPO/dists/stable/Release"
gpg_sign grafana-expiring "$GREPO/dists/stable/Release" "$GREPO/dists/stable"
export_key grafana-expiring "$GREPO/gpg-full.key"

# --- 5: the app as a git repository served over dumb HTTP -----------------------------

APP_WORK="$STAGE/app"
APP_REPO="$BUILD/git/microblog.git"
mkdir -p "$APP_WORK" "$(dirname "$APP_REPO")"
cp -a "$FIXTURE/." "$APP_WORK/"
git_fixed() {
	GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null \
		GIT_AUTHOR_NAME="Workload testbed" GIT_AUTHOR_EMAIL="testbed@example.invalid" \
		GIT_COMMITTER_NAME="Workload testbed" GIT_COMMITTER_EMAIL="testbed@example.invalid" \
		GIT_AUTHOR_DATE="@$SOURCE_DATE_EPOCH +0000" GIT_COMMITTER_DATE="@$SOURCE_DATE_EPOCH +0000" \
		git "$@"
}
git_fixed -C "$APP_WORK" init -q -b main
git_fixed -C "$APP_WORK" add -A
git_fixed -C "$APP_WORK" commit -q -m "Microblog fixture for the workload testbed" \
	-m "Made by tests/testbed/mirror/build.sh from tests/fixtures/microblog."
git_fixed init -q --bare -b main "$APP_REPO"
rm -rf "$APP_REPO/hooks"
git_fixed -C "$APP_WORK" push -q "$APP_REPO" main
git_fixed -C "$APP_REPO" repack -a -d -q
git_fixed -C "$APP_REPO" update-server-info
APP_COMMIT=$(git_fixed -C "$APP_REPO" rev-parse refs/heads/main)

# --- 6: dashboard 1860 in grafana.com's API layout ---------------------------------------

DASH_DIR="$BUILD/grafana.com/api/dashboards/1860/revisions"
mkdir -p "$DASH_DIR/$DASHBOARD_REVISION"
install -m 644 "$HERE/node-exporter-full.json" "$DASH_DIR/$DASHBOARD_REVISION/download"

# --- 6b: a test double of Jenkins' plugin installation manager tool --------------------

PM_DIR="$BUILD/jenkins-plugin-manager"
CLASSES="$BUILD/.classes"
mkdir -p "$PM_DIR" "$CLASSES"
javac --release 17 -d "$CLASSES" "$HERE/doubles/plugin-manager/PluginManagerDouble.java"
# --date makes the jar reproducible: the same source gives the same checksum.
jar --create --file "$PM_DIR/jenkins-plugin-manager-double.jar" --main-class PluginManagerDouble \
	--date "$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)" -C "$CLASSES" .
rm -rf "$CLASSES"
chmod 644 "$PM_DIR/jenkins-plugin-manager-double.jar"
# Its SHA-256 beside it, as each plugin manager release publishes one (JAR.sha256).
(cd "$PM_DIR" && sha256sum jenkins-plugin-manager-double.jar >jenkins-plugin-manager-double.jar.sha256)

# --- 6c and 6d: TEST DOUBLES of an update center and of the Dependency-Check release zip ---

# Small .hpi files (jars with the manifest Jenkins reads) in the update center's download layout, and an
# update-center.json (JSONP-wrapped like the real one) with their SHA-256 in base64. The plugin URLs are
# relative to the file: the mirror's base URL is not known when it is built. Then one zip per version in
# the release's layout, executable bits kept. Both deterministic (fixed timestamps).
export BUILD HERE DEPENDENCY_CHECK_VERSIONS
"$PYTHON" - <<'PYEOF'
import base64, hashlib, json, os, stat, zipfile
build, here = os.environ["BUILD"], os.environ["HERE"]
stamp = (2026, 1, 1, 0, 0, 0)

def entry(name, mode):
    info = zipfile.ZipInfo(name, date_time=stamp)
    info.external_attr = (stat.S_IFREG | mode) << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info

uc_dir = os.path.join(build, "jenkins-update-center")
plugins = json.load(open(os.path.join(here, "doubles", "jenkins-update-center", "plugins.json")))["plugins"]
listed = {}
for plugin in plugins:
    for version in [plugin["version"]] + plugin.get("alsoVersions", []):
        rel = f"download/plugins/{plugin['name']}/{version}/{plugin['name']}.hpi"
        target = os.path.join(uc_dir, rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        dependencies = ",".join(d["name"] + ":" + d["version"] + (";resolution:=optional" if d.get("optional") else "")
                                for d in plugin["dependencies"])
        manifest = ("Manifest-Version: 1.0\r\n" f"Short-Name: {plugin['name']}\r\n"
                    f"Long-Name: {plugin['name']} (TEST DOUBLE)\r\n" f"Plugin-Version: {version}\r\n"
                    + (f"Plugin-Dependencies: {dependencies}\r\n" if dependencies else "") + "\r\n")
        with zipfile.ZipFile(target, "w") as z:
            z.writestr(entry("META-INF/MANIFEST.MF", 0o644), manifest)
        if version == plugin["version"]:
            digest = base64.b64encode(hashlib.sha256(open(target, "rb").read()).digest()).decode()
            listed[plugin["name"]] = {"name": plugin["name"], "version": version, "url": rel, "sha256": digest,
                                      "dependencies": [{"name": d["name"], "version": d["version"],
                                                        "optional": bool(d.get("optional"))} for d in plugin["dependencies"]]}
center = {"id": "default", "connectionCheckUrl": "", "updateCenterVersion": "1", "plugins": listed,
          "core": {"name": "core", "version": "TEST DOUBLE"}}
with open(os.path.join(uc_dir, "update-center.json"), "w") as handle:
    handle.write("updateCenter.post(\n" + json.dumps(center, indent=1, sort_keys=True) + "\n);\n")

source = os.path.join(here, "doubles", "dependency-check")
for version in os.environ["DEPENDENCY_CHECK_VERSIONS"].split():
    out = os.path.join(build, "dependency-check", "DependencyCheck", "releases", "download", f"v{version}")
    os.makedirs(out, exist_ok=True)
    with zipfile.ZipFile(os.path.join(out, f"dependency-check-{version}-release.zip"), "w") as z:
        for directory, dirs, files in os.walk(source):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(directory, name)
                rel = "dependency-check/" + os.path.relpath(path, source)
                mode = 0o755 if os.access(path, os.X_OK) else 0o644
                z.writestr(entry(rel, mode), open(path, encoding="utf-8").read().replace("@VERSION@", version))
PYEOF

# --- 6e: a Python package index of Debian 13's code ----------------------------------------

# PyPI is unreachable here, and Debian 12's own Flask is too old for the app: Debian 13's packages, repackaged
# as wheels (python-index.py), serve both releases' hosts through pip --index-url.
universal=()
for pkg in $PYPI_DEBIAN_PACKAGES; do universal+=("$(pydeb trixie "$pkg")"); done
"$PYTHON" "$HERE/python-index.py" "$BUILD/pypi" --universal "${universal[@]}" \
	--binary cp313 "$(pydeb trixie python3-greenlet)" --binary cp311 "$(pydeb bookworm python3-greenlet)" \
	>"$STATE/pypi-projects.txt" || die "building the Python package index failed"

# The index must install the app and run its tests: a venv from it alone, as a host makes one.
say "checking the package index: installing the app's requirements and running its tests"
rm -rf "$STATE/index-check"
mkdir -p "$STATE/index-check"
cp -a "$FIXTURE/." "$STATE/index-check/app"
{
	"$PYTHON" -m venv "$STATE/index-check/venv" &&
		"$STATE/index-check/venv/bin/python" -m pip install -q --no-cache-dir --disable-pip-version-check \
			--index-url "file://$BUILD/pypi/simple" -r "$FIXTURE/requirements.txt" gunicorn pytest &&
		(cd "$STATE/index-check/app" && FLASK_APP=microblog.py ../venv/bin/python -m flask translate compile &&
			FLASK_APP=microblog.py ../venv/bin/python -m flask db upgrade &&
			PYTHONPATH=. ../venv/bin/python -m pytest -q -p no:cacheprovider tests/unit)
} >"$STATE/index-check.log" 2>&1 || die "the Python package index does not install and test the app (log: $STATE/index-check.log)"
rm -rf "$STATE/index-check"

# --- 7: the manifest --------------------------------------------------------------------

rm -rf "$STAGE"
normalize_tree "$BUILD"
PYPI_PROJECTS_FILE="$STATE/pypi-projects.txt"
export PYPI_PROJECTS_FILE
export BUILD DIGEST NODE_EXPORTER_VERSIONS PROMETHEUS_VERSIONS MIRROR_ARCHES JENKINS_VERSION \
	GRAFANA_VERSION DASHBOARD_REVISION JENKINS_KEY_FPR GRAFANA_KEY_FPR JDEB GDEB APP_COMMIT
NODE_EXPORTER_DEB_VERSION=$(deb_version "$(deb_of prometheus-node-exporter amd64)")
PROMETHEUS_DEB_VERSION=$(deb_version "$(deb_of prometheus amd64)")
export NODE_EXPORTER_DEB_VERSION PROMETHEUS_DEB_VERSION
"$PYTHON" - <<'EOF'
import hashlib, json, os

env = os.environ
build = env["BUILD"]
arches = env["MIRROR_ARCHES"].split()

def sha256(rel):
    with open(os.path.join(build, rel), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()

def releases(project, versions, deb, deb_version, reported):
    out = {}
    for v in versions.split():
        base = f"{project}/releases/download/v{v}"
        out[v] = {
            "sha256sums": f"{base}/sha256sums.txt",
            "assets": {a: {"path": f"{base}/{project}-{v}.linux-{a}.tar.gz",
                           "sha256": sha256(f"{base}/{project}-{v}.linux-{a}.tar.gz")}
                       for a in arches},
        }
    return {
        "real": True,
        "download_base_path": f"{project}/releases/download",
        "upstream_base_url": f"https://github.com/prometheus/{project}/releases/download",
        "default_version": versions.split()[0],
        "versions": out,
        "binaries_from": f"Debian trixie package {deb} {deb_version} (same binary in every version)",
        "binary_reports_version": reported,
    }

def repo_key(path, fpr):
    # ASCII-armored: apt reads it as a signed-by keyring when saved as *.asc;
    # saved under another name it must be dearmored (gpg --dearmor) first.
    return {"path": path, "fingerprint": fpr, "sha256": sha256(path), "armored": True}

manifest = {
    "schema": 1,
    "generated_by": "tests/testbed/mirror/build.sh",
    "input_digest": env["DIGEST"],
    "source_date_epoch": int(env["SOURCE_DATE_EPOCH"]),
    "note": "Paths are relative to the mirror's base URL. jenkins and grafana are TEST DOUBLES.",
    "node_exporter": releases("node_exporter", env["NODE_EXPORTER_VERSIONS"],
                              "prometheus-node-exporter", env["NODE_EXPORTER_DEB_VERSION"],
                              env["NODE_EXPORTER_DEB_VERSION"].split("-")[0]),
    "prometheus": releases("prometheus", env["PROMETHEUS_VERSIONS"], "prometheus",
                           env["PROMETHEUS_DEB_VERSION"],
                           env["PROMETHEUS_DEB_VERSION"].split("-")[0].split("+")[0]),
    "jenkins": {
        "test_double": True,
        "package": "jenkins",
        "version": env["JENKINS_VERSION"],
        "repo_path": "jenkins/debian-stable",
        "upstream_repo_url": "https://pkg.jenkins.io/debian-stable",
        "apt_suite": "binary/",
        "apt_source": "deb [signed-by=/etc/apt/keyrings/jenkins-keyring.asc] {base}/jenkins/debian-stable binary/",
        "key": repo_key("jenkins/debian-stable/jenkins.io-2026.key", env["JENKINS_KEY_FPR"]),
        "deb": {"path": "jenkins/debian-stable/" + env["JDEB"],
                "sha256": sha256("jenkins/debian-stable/" + env["JDEB"])},
        "unit": "jenkins.service",
        "port": 8080,
        "home": "/var/lib/jenkins",
        "initial_admin_password_file": "/var/lib/jenkins/secrets/initialAdminPassword",
        "enabled_and_started_by_postinst": True,
    },
    "grafana": {
        "test_double": True,
        "package": "grafana",
        "version": env["GRAFANA_VERSION"],
        "repo_path": "grafana",
        "upstream_repo_url": "https://apt.grafana.com",
        "apt_suite": "stable",
        "apt_components": ["main"],
        "apt_source": "deb [signed-by=/etc/apt/keyrings/grafana.gpg] {base}/grafana stable main",
        "key": repo_key("grafana/gpg-full.key", env["GRAFANA_KEY_FPR"]),
        "deb": {"path": "grafana/" + env["GDEB"], "sha256": sha256("grafana/" + env["GDEB"])},
        "unit": "grafana-server.service",
        "port": 3000,
        "config_file": "/etc/grafana/grafana.ini",
        "provisioning_dir": "/etc/grafana/provisioning",
        "enabled_and_started_by_postinst": False,
    },
    "app": {
        "path": "git/microblog.git",
        "protocol": "git dumb HTTP",
        "branch": "main",
        "commit": env["APP_COMMIT"],
        "source": "tests/fixtures/microblog",
    },
    "jenkins_update_center": {
        "test_double": True,
        "path": "jenkins-update-center/update-center.json",
        "plugins": sorted(p["name"] for p in json.load(open(os.path.join(os.environ["HERE"], "doubles", "jenkins-update-center", "plugins.json")))["plugins"]),
        "source": "tests/testbed/mirror/doubles/jenkins-update-center/plugins.json",
    },
    "dependency_check": {
        "test_double": True,
        "download_base_path": "dependency-check/DependencyCheck/releases/download",
        "upstream_base_url": "https://github.com/dependency-check/DependencyCheck/releases/download",
        "default_version": os.environ["DEPENDENCY_CHECK_VERSIONS"].split()[0],
        "versions": {v: {"path": f"dependency-check/DependencyCheck/releases/download/v{v}/dependency-check-{v}-release.zip",
                         "sha256": sha256(f"dependency-check/DependencyCheck/releases/download/v{v}/dependency-check-{v}-release.zip")}
                     for v in os.environ["DEPENDENCY_CHECK_VERSIONS"].split()},
        "source": "tests/testbed/mirror/doubles/dependency-check",
    },
    "jenkins_plugin_manager": {
        "test_double": True,
        "path": "jenkins-plugin-manager/jenkins-plugin-manager-double.jar",
        "sha256": sha256("jenkins-plugin-manager/jenkins-plugin-manager-double.jar"),
        "source": "tests/testbed/mirror/doubles/plugin-manager/PluginManagerDouble.java",
    },
    "python_index": {
        "path": "pypi/simple",
        "api": "PEP 503 simple repository API (static files), pip --index-url",
        "source": "Debian 13 (trixie) python3-* packages repackaged as wheels by tests/testbed/mirror/python-index.py",
        "interpreters": ["cp311", "cp313"],
        "architecture": "x86_64",
        "projects": {line.split()[0]: line.split()[1:] for line in open(env["PYPI_PROJECTS_FILE"]) if line.strip()},
    },
    "dashboard": {
        "id": 1860,
        "revision": int(env["DASHBOARD_REVISION"]),
        "path": f"grafana.com/api/dashboards/1860/revisions/{env['DASHBOARD_REVISION']}/download",
        "upstream_url": f"https://grafana.com/api/dashboards/1860/revisions/{env['DASHBOARD_REVISION']}/download",
        "sha256": sha256(f"grafana.com/api/dashboards/1860/revisions/{env['DASHBOARD_REVISION']}/download"),
        "uid": "rYdddlPWk",
        "title": "Node Exporter Full",
        "inputs": ["DS_PROMETHEUS"],
        "test_fixture": True,
    },
}
with open(os.path.join(build, "mirror.json"), "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
EOF
chmod 644 "$BUILD/mirror.json"

"$HERE/check.sh" "$BUILD" >"$STATE/check.log" 2>&1 ||
	die "the new mirror fails check.sh (log: $STATE/check.log); $OUTDIR is unchanged"

# --- swap into place ----------------------------------------------------------------------

OLD=""
if [ -e "$OUTDIR" ]; then
	OLD="$OUTDIR.old.$$"
	mv "$OUTDIR" "$OLD"
fi
mv "$BUILD" "$OUTDIR"
BUILD=""
[ -n "$OLD" ] && rm -rf "$OLD"
say "mirror ready in $OUTDIR (manifest: $OUTDIR/mirror.json; private keys: $STATE)"
