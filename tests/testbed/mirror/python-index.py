#!/usr/bin/env python3
"""Builds a Python package index (PEP 503 "simple" API, static files) from Debian's python3-* packages.

    python-index.py OUTDIR --universal DEB... [--binary TAG DEB]...

Each package's code under /usr/lib/python3/dist-packages becomes one wheel with the metadata Debian ships for it
(its dist-info, or the PKG-INFO of its egg-info, which holds the same Requires-Dist lines): OUTDIR/packages/*.whl
and OUTDIR/simple/index.html, OUTDIR/simple/PROJECT/index.html with sha256 fragments and data-requires-python.

--universal packages become py3-none-any wheels: Python files only. A compiled speed-up beside a pure Python
fallback (markupsafe's _speedups) is left out; the fallback is what runs. --binary TAG packages keep their
compiled modules and are tagged for one interpreter (cp311-cp311-linux_x86_64 from Debian 12's python3-greenlet,
cp313-... from Debian 13's): pip installs the one that matches the venv's Python. Symbolic links are followed
across all the packages given (python3-babel's locale-data lives in python-babel-localedata).

Outputs are deterministic (SOURCE_DATE_EPOCH for every member's time, sorted members), so the same packages give
the same wheels and checksums. Standard library only.
"""
import argparse
import base64
import email.parser
import hashlib
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile

DIST_PACKAGES = "usr/lib/python3/dist-packages/"
SKIPPED_INFO = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json", "WHEEL", "METADATA", "PKG-INFO",
                "SOURCES.txt", "requires.txt", "dependency_links.txt", "not-zip-safe", "installed-files.txt"}


def members(deb):
    """The deb's filesystem tar, as a TarFile over its bytes."""
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True, capture_output=True).stdout
    return tarfile.open(fileobj=io.BytesIO(data))


def upstream_version(deb):
    """The upstream part of the deb's version: 1.13.2 of 1.13.2-4, 2.0.40 of 2.0.40+ds1-1, 8.1.8 of 8.2.0+0.really.8.1.8-1."""
    version = subprocess.run(["dpkg-deb", "-f", deb, "Version"], check=True, capture_output=True, text=True).stdout.strip()
    version = version.split(":", 1)[-1].rsplit("-", 1)[0]
    version = version.split("+really", 1)[-1].split(".really.", 1)[-1]
    return re.split(r"[+~]", version, maxsplit=1)[0]


def extract(deb, directory):
    with members(deb) as tar:
        if sys.version_info >= (3, 11, 4):
            tar.extractall(directory, filter="tar")
        else:
            tar.extractall(directory)


def normalize(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def escape(component):
    return re.sub(r"[^\w\d.]+", "_", component, flags=re.UNICODE)


def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


class Package:
    def __init__(self, deb, union, tag):
        self.deb = deb
        self.tag = tag
        self.files = {}  # path in the wheel -> bytes
        self.info = None
        with members(deb) as tar:
            names = [m.name[2:] if m.name.startswith("./") else m.name for m in tar.getmembers()]
        tops = sorted({n[len(DIST_PACKAGES):].split("/")[0] for n in names if n.startswith(DIST_PACKAGES) and len(n) > len(DIST_PACKAGES)})
        infos = [t for t in tops if t.endswith((".dist-info", ".egg-info"))]
        if len(infos) != 1:
            sys.exit(f"python-index.py: {deb} has {len(infos)} *.dist-info/*.egg-info directories, expected one")
        self.info = infos[0]
        root = os.path.join(union, DIST_PACKAGES)
        for top in tops:
            if top == self.info:
                continue
            self._collect(os.path.join(root, top), top)
        self.metadata_text, self.extra_info = self._metadata(os.path.join(root, self.info))
        parsed = email.parser.Parser().parsestr(self.metadata_text)
        self.name, self.version = parsed["Name"], parsed["Version"]
        released = upstream_version(deb)
        if self.version == released + ".dev0":
            # Debian's builds of some releases (alembic 1.13.2, Mako 1.3.9) record "X.dev0", a leftover of the
            # upstream tag_build setting; the code is release X, and pip would not pick a pre-release for "pkg>=X".
            self.metadata_text = re.sub(r"^Version: .*$", f"Version: {released}", self.metadata_text, count=1, flags=re.MULTILINE)
            self.version = released
        self.requires_python = parsed.get("Requires-Python")
        if not self.name or not self.version:
            sys.exit(f"python-index.py: {deb}: no Name or Version in {self.info}")

    def _collect(self, path, relative):
        # Follows links: the target's content goes into the wheel under the link's name.
        if os.path.isdir(path):
            for entry in sorted(os.listdir(path)):
                if entry == "__pycache__":
                    continue
                self._collect(os.path.join(path, entry), relative + "/" + entry)
            return
        if not os.path.exists(path):
            sys.exit(f"python-index.py: {self.deb}: {relative} points at {os.path.realpath(path)}, which no package given provides")
        if relative.endswith((".pyc", ".pyo")):
            return
        compiled = relative.endswith(".so")
        if compiled and self.tag == "py3-none-any":
            return
        with open(path, "rb") as handle:
            self.files[relative] = handle.read()

    def _metadata(self, info_dir):
        if self.info.endswith(".dist-info"):
            with open(os.path.join(info_dir, "METADATA"), encoding="utf-8") as handle:
                text = handle.read()
        else:
            with open(os.path.join(info_dir, "PKG-INFO"), encoding="utf-8") as handle:
                text = handle.read()
        extra = {}
        for entry in sorted(os.listdir(info_dir)):
            full = os.path.join(info_dir, entry)
            if entry not in SKIPPED_INFO and os.path.isfile(full):
                with open(full, "rb") as handle:
                    extra[entry] = handle.read()
        return text, extra

    def wheel(self, out_dir, epoch):
        dist_info = f"{escape(self.name)}-{escape(self.version)}.dist-info"
        filename = f"{escape(self.name)}-{escape(self.version)}-{self.tag}.whl"
        entries = dict(self.files)
        entries[f"{dist_info}/METADATA"] = self.metadata_text.encode("utf-8")
        for name, data in self.extra_info.items():
            entries[f"{dist_info}/{name}"] = data
        purelib = "true" if self.tag == "py3-none-any" else "false"
        entries[f"{dist_info}/WHEEL"] = (
            "Wheel-Version: 1.0\nGenerator: workload-testbed python-index.py\n"
            f"Root-Is-Purelib: {purelib}\nTag: {self.tag}\n").encode()
        record = "".join(f"{path},{record_hash(data)},{len(data)}\n" for path, data in sorted(entries.items()))
        record += f"{dist_info}/RECORD,,\n"
        entries[f"{dist_info}/RECORD"] = record.encode()
        stamp = time.gmtime(max(epoch, 315532800))[:6]
        target = os.path.join(out_dir, filename)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(entries):
                member = zipfile.ZipInfo(path, date_time=stamp)
                member.compress_type = zipfile.ZIP_DEFLATED
                member.external_attr = (0o755 if path.endswith(".so") else 0o644) << 16
                archive.writestr(member, entries[path])
        with open(target, "rb") as handle:
            return filename, hashlib.sha256(handle.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out")
    parser.add_argument("--universal", nargs="+", default=[])
    parser.add_argument("--binary", nargs=2, action="append", default=[], metavar=("TAG", "DEB"))
    arguments = parser.parse_args()
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))

    packages = []
    with tempfile.TemporaryDirectory() as scratch:
        union = os.path.join(scratch, "universal")
        os.makedirs(union)
        for deb in arguments.universal:
            extract(deb, union)
        for deb in arguments.universal:
            # The locale data package has no Python code of its own; it only feeds babel's links.
            with members(deb) as tar:
                if not any(m.name.lstrip("./").startswith(DIST_PACKAGES) and m.isfile() for m in tar.getmembers()):
                    continue
            packages.append(Package(deb, union, "py3-none-any"))
        for index, (tag, deb) in enumerate(arguments.binary):
            own = os.path.join(scratch, f"binary{index}")
            os.makedirs(own)
            extract(deb, own)
            packages.append(Package(deb, own, f"{tag}-{tag}-linux_x86_64"))

    shutil.rmtree(arguments.out, ignore_errors=True)
    files_dir = os.path.join(arguments.out, "packages")
    os.makedirs(files_dir)
    projects = {}
    for package in packages:
        filename, digest = package.wheel(files_dir, epoch)
        projects.setdefault(normalize(package.name), []).append((filename, digest, package.requires_python, package.version))

    simple = os.path.join(arguments.out, "simple")
    os.makedirs(simple)
    page = "<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\"><title>{}</title></head><body>\n{}</body></html>\n"
    with open(os.path.join(simple, "index.html"), "w", encoding="utf-8") as handle:
        links = "".join(f"<a href=\"{name}/\">{name}</a><br>\n" for name in sorted(projects))
        handle.write(page.format("Simple index", links))
    for name, files in sorted(projects.items()):
        os.makedirs(os.path.join(simple, name))
        links = ""
        for filename, digest, requires_python, _ in sorted(files):
            attribute = f" data-requires-python=\"{html.escape(requires_python)}\"" if requires_python else ""
            links += f"<a href=\"../../packages/{filename}#sha256={digest}\"{attribute}>{filename}</a><br>\n"
        with open(os.path.join(simple, name, "index.html"), "w", encoding="utf-8") as handle:
            handle.write(page.format(f"Links for {name}", links))

    for name, files in sorted(projects.items()):
        print(f"{name} {' '.join(sorted({version for _, _, _, version in files}))}")


if __name__ == "__main__":
    main()
