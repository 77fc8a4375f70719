"""TEST DOUBLE of OWASP Dependency-Check's command line. See ../README.TEST-DOUBLE."""

import datetime
import fnmatch
import html
import json
import os
import re
import sys
import time
import xml.etree.ElementTree as ET

VERSION = "@VERSION@"
HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLAGS = {"--disableOssIndex", "--disableYarnAudit", "--disableNodeAudit", "--enableExperimental", "--prettyPrint",
         "--disableAssembly", "--disableRetireJS", "--noupdate", "-n"}
VALUED = {"--project", "--scan", "-s", "--exclude", "--out", "-o", "--format", "-f", "--nvdApiKey", "--failOnCVSS",
          "--data", "-d", "--ossIndexUsername", "--ossIndexPassword", "--suppression", "--log", "-l"}
FORMATS = {"XML", "HTML", "JSON", "ALL"}
NAMESPACE = "https://jeremylong.github.io/DependencyCheck/dependency-check.4.0.xsd"


def info(message):
    print(f"[INFO] {message}", flush=True)


def fail(message, code):
    print(f"[ERROR] {message}", flush=True)
    sys.exit(code)


def parse(argv):
    options = {"scan": [], "exclude": [], "format": [], "flags": set()}
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in ("--version", "-v"):
            print(f"Dependency-Check Core version {VERSION} (TEST DOUBLE)")
            sys.exit(0)
        if arg in FLAGS:
            options["flags"].add(arg)
        elif arg in VALUED:
            if i + 1 >= len(argv):
                fail(f"Missing argument for option: {arg.lstrip('-')}", 1)
            value = argv[i + 1]
            key = {"-s": "--scan", "-o": "--out", "-f": "--format", "-d": "--data", "-l": "--log"}.get(arg, arg)[2:]
            if key in ("scan", "exclude", "format"):
                options[key].append(value)
            else:
                options[key] = value
            i += 1
        else:
            fail(f"Unrecognized option: {arg}", 1)
        i += 1
    if not options["scan"]:
        fail("No scan files configured", 1)
    for value in options["format"]:
        if value.upper() not in FORMATS:
            fail(f"Invalid Report Format: {value} (the TEST DOUBLE writes XML, HTML, JSON or ALL)", 1)
    return options


def excluded(path, patterns):
    return any(fnmatch.fnmatch(path, p.replace("**/", "*").replace("/**", "*")) for p in patterns)


def requirements(scan, patterns):
    found = []
    for root in scan:
        root = os.path.abspath(root)
        for directory, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not excluded(os.path.join(directory, d) + "/", patterns))
            for name in sorted(files):
                path = os.path.join(directory, name)
                if name == "requirements.txt" and not excluded(path, patterns):
                    found.append(path)
    return found


def dependencies(path):
    out = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.split("#", 1)[0].strip()
            if not line or line.startswith("-"):
                continue
            match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(?:==\s*([A-Za-z0-9.*+!_-]+))?", line)
            if match:
                out.append((match.group(1).lower(), match.group(2)))
    return out


def main(argv):
    options = parse(argv)
    started = time.time()
    data = options.get("data") or os.path.join(HOME, "data")
    try:
        os.makedirs(data, exist_ok=True)
        with open(os.path.join(data, "odc.mv.db"), "a", encoding="utf-8"):
            pass
    except OSError as error:
        fail(f"Unable to create the data directory '{data}': {error}", 11)
    info("Checking for updates")
    if not options.get("nvdApiKey"):
        print("[WARN] An NVD API Key was not provided - it is highly recommended to use an NVD API key as the "
              "update can take a VERY long time without an API Key", flush=True)
    info("NVD API has 0 records in this update (TEST DOUBLE: no database is downloaded)")
    info("Analysis Started")
    experimental = "--enableExperimental" in options["flags"]
    if "--disableOssIndex" not in options["flags"] and not options.get("ossIndexUsername"):
        fail("OSS Index Analyzer: Sonatype OSS Index requires authentication (401 Unauthorized); "
             "set --ossIndexUsername and --ossIndexPassword or pass --disableOssIndex", 13)
    advisories = json.load(open(os.path.join(HOME, "lib", "advisories.json"), encoding="utf-8"))
    found = []
    for path in requirements(options["scan"], options["exclude"]):
        if not experimental:
            continue
        for name, version in dependencies(path):
            vulnerabilities = [a for a in advisories if a["package"] == name]
            found.append({"path": path, "name": name, "version": version, "vulnerabilities": vulnerabilities})
    info(f"Analysis Complete ({time.time() - started:.1f} seconds)")
    project = options.get("project") or "dependency-check"
    out = options.get("out") or "."
    formats = {f.upper() for f in options["format"]} or {"HTML"}
    if "ALL" in formats:
        formats = {"XML", "HTML", "JSON"}
    os.makedirs(out, exist_ok=True) if not out.endswith((".xml", ".json", ".html")) else None
    for fmt in sorted(formats):
        target = out if out.endswith("." + fmt.lower()) else os.path.join(out, f"dependency-check-report.{fmt.lower()}")
        info(f"Writing {fmt} report to: {os.path.abspath(target)}")
        with open(target, "w", encoding="utf-8") as handle:
            handle.write({"XML": xml_report, "JSON": json_report, "HTML": html_report}[fmt](project, found))
    threshold = options.get("failOnCVSS")
    if threshold is not None:
        limit = float(threshold)
        over = [(d, v) for d in found for v in d["vulnerabilities"] if v["cvss"] >= limit or limit <= 0]
        if over:
            ids = ", ".join(sorted({v["id"] for _, v in over}))
            print(f"\nOne or more dependencies were identified with vulnerabilities that have a CVSS score greater "
                  f"than or equal to '{limit}': \n\n{ids}\n\nSee the dependency-check report for more details.\n",
                  flush=True)
            return 1
    return 0


def purl(dependency):
    return f"pkg:pypi/{dependency['name']}" + (f"@{dependency['version']}" if dependency["version"] else "")


def json_report(project, found):
    now = datetime.datetime.now(datetime.timezone.utc).isoformat()
    return json.dumps({
        "reportSchema": "1.1",
        "scanInfo": {"engineVersion": VERSION, "dataSource": []},
        "projectInfo": {"name": project, "reportDate": now},
        "dependencies": [{
            "isVirtual": True,
            "fileName": f"{d['name']}:{d['version'] or ''}",
            "filePath": d["path"],
            "packages": [{"id": purl(d), "confidence": "HIGHEST"}],
            **({"vulnerabilities": [{"source": "TEST DOUBLE", "name": v["id"], "severity": v["severity"],
                                     "cvssv3": {"baseScore": v["cvss"], "baseSeverity": v["severity"]},
                                     "description": v["description"]} for v in d["vulnerabilities"]]}
               if d["vulnerabilities"] else {}),
        } for d in found],
    }, indent=2) + "\n"


def xml_report(project, found):
    ET.register_namespace("", NAMESPACE)
    q = lambda tag: f"{{{NAMESPACE}}}{tag}"  # noqa: E731
    root = ET.Element(q("analysis"))
    info_element = ET.SubElement(root, q("scanInfo"))
    ET.SubElement(info_element, q("engineVersion")).text = VERSION
    ET.SubElement(ET.SubElement(root, q("projectInfo")), q("name")).text = project
    dependencies_element = ET.SubElement(root, q("dependencies"))
    for d in found:
        dependency = ET.SubElement(dependencies_element, q("dependency"), {"isVirtual": "true"})
        ET.SubElement(dependency, q("fileName")).text = f"{d['name']}:{d['version'] or ''}"
        ET.SubElement(dependency, q("filePath")).text = d["path"]
        ET.SubElement(ET.SubElement(ET.SubElement(dependency, q("identifiers")), q("package")), q("id")).text = purl(d)
        if d["vulnerabilities"]:
            vulnerabilities = ET.SubElement(dependency, q("vulnerabilities"))
            for v in d["vulnerabilities"]:
                vulnerability = ET.SubElement(vulnerabilities, q("vulnerability"), {"source": "TEST DOUBLE"})
                ET.SubElement(vulnerability, q("name")).text = v["id"]
                ET.SubElement(vulnerability, q("severity")).text = v["severity"]
                ET.SubElement(ET.SubElement(vulnerability, q("cvssV3")), q("baseScore")).text = str(v["cvss"])
                ET.SubElement(vulnerability, q("description")).text = v["description"]
    ET.indent(root, "    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def html_report(project, found):
    rows = "".join(f"<tr><td>{html.escape(purl(d))}</td><td>{html.escape(v['id'])}</td><td>{v['cvss']}</td></tr>"
                   for d in found for v in d["vulnerabilities"])
    return (f"<!DOCTYPE html><html><head><title>Dependency-Check Report (TEST DOUBLE)</title></head><body>"
            f"<h1>{html.escape(project)}</h1><p>{len(found)} dependencies scanned.</p>"
            f"<table>{rows}</table></body></html>\n")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
