#!/usr/bin/env bash
# Check a mirror built by build.sh, offline:
#
#   tests/testbed/mirror/check.sh OUTDIR
#
# - mirror.json is complete and every path it names exists with its sha256;
# - each release's sha256sums.txt verifies (sha256sum -c) and each tarball has
#   the upstream member layout;
# - the apt repositories' InRelease and Release.gpg verify with gpgv against the
#   served keys, whose fingerprints match the manifest, and Release/Packages
#   hashes match the files;
# - no private key material is in the served tree;
# - the app repository serves branch main at the manifest's commit over dumb HTTP;
# - dashboard 1860 is the fixture with uid, title and the DS_PROMETHEUS input;
# - the Python package index lists every project of the manifest, each link's
#   wheel exists with the page's sha256, and each wheel's RECORD matches it.
#
# Prints one line per check and "N passed, M failed"; exits 1 if any failed.
# Needs python3, gpg, gpgv, git and sha256sum; no network, no root.
set -euo pipefail

if [ $# -ne 1 ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
[ -d "$1" ] || { echo "check.sh: $1 is not a directory" >&2; exit 2; }
for cmd in gpg gpgv git sha256sum; do
	command -v "$cmd" >/dev/null 2>&1 || { echo "check.sh: $cmd is required (apt-get install gnupg gpgv git coreutils)" >&2; exit 2; }
done

exec "${PYTHON:-python3}" - "$1" <<'EOF'
import gzip, hashlib, json, os, re, subprocess, sys, tarfile, tempfile

root = os.path.abspath(sys.argv[1])
passed, failed = 0, 0

def result(ok, what, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   - {what}")
    else:
        failed += 1
        print(f"FAIL - {what}{': ' + detail if detail else ''}")
    return ok

def path(rel):
    return os.path.join(root, rel)

def sha256(rel):
    h = hashlib.sha256()
    with open(path(rel), "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()

def check_file(rel, expected_sha, what):
    if not os.path.isfile(path(rel)):
        return result(False, what, f"{rel} is missing")
    actual = sha256(rel)
    return result(actual == expected_sha, what, f"{rel}: sha256 {actual} != manifest {expected_sha}")

def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)

# --- manifest ------------------------------------------------------------------
try:
    with open(path("mirror.json")) as f:
        m = json.load(f)
except (OSError, ValueError) as e:
    result(False, "mirror.json is readable JSON", str(e))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1)
result(True, "mirror.json is readable JSON")
required = {
    "": ["schema", "input_digest", "node_exporter", "prometheus", "jenkins", "grafana", "app", "dashboard", "python_index"],
    "node_exporter": ["default_version", "versions", "download_base_path", "binary_reports_version"],
    "prometheus": ["default_version", "versions", "download_base_path", "binary_reports_version"],
    "jenkins": ["test_double", "version", "repo_path", "apt_suite", "key", "deb", "port"],
    "grafana": ["test_double", "version", "repo_path", "apt_suite", "apt_components", "key", "deb", "port"],
    "app": ["path", "branch", "commit"],
    "dashboard": ["id", "revision", "path", "sha256", "uid", "title", "inputs"],
}
missing = [f"{sec + '.' if sec else ''}{k}" for sec, keys in required.items()
           for k in keys if k not in (m.get(sec, {}) if sec else m)]
result(not missing, "mirror.json has every required key", ", ".join(missing))
if missing:
    print(f"{passed} passed, {failed} failed")
    sys.exit(1)

# --- release tarballs -------------------------------------------------------------
layouts = {"node_exporter": ["LICENSE", "NOTICE", "node_exporter"],
           "prometheus": ["LICENSE", "NOTICE", "prometheus", "prometheus.yml", "promtool"]}
for project, members in layouts.items():
    section = m[project]
    result(section["default_version"] in section["versions"],
           f"{project}: default version {section['default_version']} is published")
    for version, rel in section["versions"].items():
        sums_rel = rel["sha256sums"]
        sums_dir = os.path.dirname(path(sums_rel))
        if not os.path.isfile(path(sums_rel)):
            result(False, f"{project} {version}: sha256sums.txt", "missing")
            continue
        lines = open(path(sums_rel)).read().splitlines()
        well_formed = all(re.fullmatch(r"[0-9a-f]{64}  \S+", l) for l in lines)
        result(well_formed and len(lines) == len(rel["assets"]),
               f"{project} {version}: sha256sums.txt lists every asset as '<sha256>  <file>'")
        c = run("sha256sum", "-c", "--strict", "sha256sums.txt", cwd=sums_dir)
        result(c.returncode == 0, f"{project} {version}: sha256sum -c sha256sums.txt", c.stdout + c.stderr)
        for arch, asset in rel["assets"].items():
            if not check_file(asset["path"], asset["sha256"], f"{project} {version} {arch}: tarball sha256"):
                continue
            top = f"{project}-{version}.linux-{arch}"
            try:
                with tarfile.open(path(asset["path"]), "r:gz") as t:
                    infos = t.getmembers()
            except (OSError, tarfile.TarError) as e:
                result(False, f"{project} {version} {arch}: tarball reads", str(e))
                continue
            names = sorted(i.name for i in infos)
            expected = sorted([top] + [f"{top}/{n}" for n in members])
            result(names == expected, f"{project} {version} {arch}: upstream member layout",
                   f"{names} != {expected}")
            binaries = [i for i in infos if os.path.basename(i.name) in ("node_exporter", "prometheus", "promtool")]
            result(all(i.mode & 0o111 and i.isfile() for i in binaries),
                   f"{project} {version} {arch}: binaries are executable files")

# --- apt repositories --------------------------------------------------------------
tmp = tempfile.mkdtemp(prefix="mirror-check-")
gpg_home = os.path.join(tmp, "gnupg")
os.mkdir(gpg_home, 0o700)

def key_fingerprints(key_rel):
    c = run("gpg", "--homedir", gpg_home, "--batch", "--with-colons", "--show-keys", path(key_rel))
    return [l.split(":")[9] for l in c.stdout.splitlines() if l.startswith("fpr:")][:1]

def dearmor(key_rel, name):
    out = os.path.join(tmp, name + ".gpg")
    c = run("gpg", "--homedir", gpg_home, "--batch", "--yes", "--dearmor", "-o", out, path(key_rel))
    return out if c.returncode == 0 else None

def parse_release_hashes(text):
    hashes, in_sha = {}, False
    for line in text.splitlines():
        if line.startswith("SHA256:"):
            in_sha = True
        elif line.startswith(" ") and in_sha:
            digest, size, name = line.split()
            hashes[name] = (digest, int(size))
        else:
            in_sha = False
    return hashes

def parse_packages(text):
    return [dict(re.findall(r"^([A-Za-z0-9-]+): (.*)$", stanza, re.M))
            for stanza in text.strip().split("\n\n") if stanza.strip()]

def check_repo(name, section, release_dir_rel, pool_base_rel):
    key = section["key"]
    if not os.path.isfile(path(key["path"])):
        result(False, f"{name}: key {key['path']}", "missing")
        return
    result(not re.search(r"PRIVATE KEY", open(path(key["path"]), errors="replace").read()),
           f"{name}: served key holds no private key")
    fprs = key_fingerprints(key["path"])
    result(fprs == [key["fingerprint"]], f"{name}: served key fingerprint matches the manifest",
           f"{fprs} != {key['fingerprint']}")
    keyring = dearmor(key["path"], name)
    release_dir = path(release_dir_rel)
    for signed, args in (("InRelease", ["InRelease"]), ("Release.gpg", ["Release.gpg", "Release"])):
        c = run("gpgv", "--keyring", keyring, *args, cwd=release_dir) if keyring else None
        result(c is not None and c.returncode == 0, f"{name}: gpgv verifies {release_dir_rel}/{signed}",
               (c.stderr if c else "cannot dearmor key").strip())
    hashes = parse_release_hashes(open(os.path.join(release_dir, "Release")).read())
    result(bool(hashes), f"{name}: Release lists SHA256 hashes")
    bad = [n for n, (d, s) in hashes.items()
           if not os.path.isfile(os.path.join(release_dir, n))
           or os.path.getsize(os.path.join(release_dir, n)) != s
           or sha256(os.path.join(release_dir_rel, n)) != d]
    result(not bad, f"{name}: files match the Release hashes", ", ".join(bad))
    packages_rel = [n for n in hashes if n.endswith("Packages")]
    if not packages_rel:
        result(False, f"{name}: Release lists a Packages index")
        return
    with open(os.path.join(release_dir, packages_rel[0])) as f:
        stanzas = parse_packages(f.read())
    with gzip.open(os.path.join(release_dir, packages_rel[0] + ".gz"), "rt") as f:
        result(parse_packages(f.read()) == stanzas, f"{name}: Packages.gz equals Packages")
    ours = [s for s in stanzas if s.get("Package") == section["package"]
            and s.get("Version") == section["version"]]
    if not result(len(ours) == 1, f"{name}: Packages lists {section['package']} {section['version']}"):
        return
    deb_rel = os.path.join(pool_base_rel, ours[0]["Filename"])
    result(os.path.normpath(deb_rel) == os.path.normpath(section["deb"]["path"]),
           f"{name}: Packages Filename is the manifest's .deb", f"{deb_rel} != {section['deb']['path']}")
    check_file(section["deb"]["path"], ours[0].get("SHA256", ""), f"{name}: .deb matches its Packages SHA256")
    check_file(section["deb"]["path"], section["deb"]["sha256"], f"{name}: .deb matches the manifest")
    result(ours[0].get("Depends") == "python3, python3-yaml", f"{name}: Depends python3, python3-yaml",
           ours[0].get("Depends", ""))
    c = run("dpkg-deb", "-f", path(section["deb"]["path"]), "Description")
    result("TEST DOUBLE" in c.stdout, f"{name}: package is labelled TEST DOUBLE")

j, g = m["jenkins"], m["grafana"]
check_repo("jenkins", j, os.path.join(j["repo_path"], j["apt_suite"].rstrip("/")), j["repo_path"])
check_repo("grafana", g, os.path.join(g["repo_path"], "dists", g["apt_suite"]), g["repo_path"])

# --- nothing private is served ---------------------------------------------------------
leaks = []
for dirpath, dirnames, filenames in os.walk(root):
    for d in dirnames:
        if d.startswith(".gnupg") or d in ("private-keys-v1.d",) or d.endswith(".private"):
            leaks.append(os.path.relpath(os.path.join(dirpath, d), root))
    for fn in filenames:
        p = os.path.join(dirpath, fn)
        if fn.endswith((".tar.gz", ".deb", ".pack")) or os.path.getsize(p) > 1 << 20:
            continue
        with open(p, "rb") as f:
            if b"PRIVATE KEY" in f.read():
                leaks.append(os.path.relpath(p, root))
result(not leaks, "no private key material in the served tree", ", ".join(leaks))

# --- the app repository ------------------------------------------------------------------
app = m["app"]
git_dir = path(app["path"])
head = open(os.path.join(git_dir, "HEAD")).read().strip() if os.path.isfile(os.path.join(git_dir, "HEAD")) else ""
result(head == f"ref: refs/heads/{app['branch']}", f"app: HEAD points to {app['branch']}", head)
info_refs = os.path.join(git_dir, "info", "refs")
refs = open(info_refs).read() if os.path.isfile(info_refs) else ""
result(f"{app['commit']}\trefs/heads/{app['branch']}" in refs,
       "app: info/refs (dumb HTTP) has the manifest's commit")
result(os.path.isfile(os.path.join(git_dir, "objects", "info", "packs")), "app: objects/info/packs exists")
c = run("git", "--git-dir", git_dir, "rev-parse", f"refs/heads/{app['branch']}^{{commit}}")
result(c.stdout.strip() == app["commit"], "app: branch is at the manifest's commit", c.stdout + c.stderr)
c = run("git", "--git-dir", git_dir, "fsck", "--no-dangling", "--no-progress")
result(c.returncode == 0, "app: git fsck", c.stderr.strip())

# --- TEST DOUBLES: the update center and the Dependency-Check release zips --------------------
import base64, zipfile
uc = m.get("jenkins_update_center")
if result(uc is not None, "update center: in the manifest"):
    try:
        text = open(path(uc["path"])).read()
        center = json.loads(text[text.index("(") + 1:text.rindex(")")])
        bad = [n for n, p in center["plugins"].items()
               if base64.b64encode(hashlib.sha256(open(path(os.path.join(os.path.dirname(uc["path"]), p["url"])), "rb").read()).digest()).decode() != p["sha256"]]
        result(not bad, "update center: every plugin file has its listed SHA-256", ", ".join(bad))
        missing = sorted({d["name"] for p in center["plugins"].values() for d in p["dependencies"] if not d["optional"]} - set(center["plugins"]))
        result(not missing, "update center: every required dependency is listed", ", ".join(missing))
    except (OSError, ValueError, KeyError) as e:
        result(False, "update center: update-center.json is readable", str(e))
dc = m.get("dependency_check")
if result(dc is not None, "dependency-check: in the manifest"):
    for version, asset in sorted(dc["versions"].items()):
        if check_file(asset["path"], asset["sha256"], f"dependency-check {version}: zip matches the manifest"):
            with zipfile.ZipFile(path(asset["path"])) as z:
                launcher = z.getinfo("dependency-check/bin/dependency-check.sh")
                result(launcher.external_attr >> 16 & 0o111 != 0, f"dependency-check {version}: bin/dependency-check.sh is executable")

# --- dashboard 1860 -----------------------------------------------------------------------
d = m["dashboard"]
if check_file(d["path"], d["sha256"], "dashboard: file matches the manifest"):
    try:
        dash = json.load(open(path(d["path"])))
        inputs = [i.get("name") for i in dash.get("__inputs", [])]
        result(dash.get("uid") == d["uid"] and dash.get("title") == d["title"]
               and all(i in inputs for i in d["inputs"]),
               "dashboard: uid, title and inputs as in the manifest")
        result("${DS_PROMETHEUS}" in open(path(d["path"])).read(),
               "dashboard: panels still reference ${DS_PROMETHEUS} (to be bound by the tool)")
    except ValueError as e:
        result(False, "dashboard: valid JSON", str(e))

# --- the Python package index -------------------------------------------------------------
import base64, zipfile
pi = m["python_index"]
simple = path(pi["path"])
root_page = open(os.path.join(simple, "index.html")).read() if os.path.isfile(os.path.join(simple, "index.html")) else ""
listed = set(re.findall(r'href="([^"/]+)/"', root_page))
result(listed == set(pi["projects"]), "python index: the root page lists the manifest's projects",
       f"{sorted(listed ^ set(pi['projects']))}")
for project in sorted(pi["projects"]):
    page_path = os.path.join(simple, project, "index.html")
    links = re.findall(r'href="([^"#]+)#sha256=([0-9a-f]{64})"', open(page_path).read()) if os.path.isfile(page_path) else []
    problems = []
    for href, digest in links:
        wheel = os.path.normpath(os.path.join(simple, project, href))
        if not os.path.isfile(wheel):
            problems.append(f"{href} is missing")
            continue
        if hashlib.sha256(open(wheel, "rb").read()).hexdigest() != digest:
            problems.append(f"{href}: sha256 differs from the page's")
        with zipfile.ZipFile(wheel) as archive:
            names = archive.namelist()
            record = [n for n in names if n.endswith(".dist-info/RECORD")]
            if len(record) != 1 or not any(n.endswith(".dist-info/METADATA") for n in names) or not any(n.endswith(".dist-info/WHEEL") for n in names):
                problems.append(f"{href}: no METADATA, WHEEL and RECORD")
                continue
            for line in archive.read(record[0]).decode().splitlines():
                name, hashed, _ = line.rsplit(",", 2)
                if hashed:
                    actual = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(archive.read(name)).digest()).rstrip(b"=").decode()
                    if actual != hashed:
                        problems.append(f"{href}: {name} differs from its RECORD")
    result(bool(links) and not problems, f"python index: {project}: wheels exist and match their hashes", "; ".join(problems) or "no links")

subprocess.run(["rm", "-rf", tmp])
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
EOF
