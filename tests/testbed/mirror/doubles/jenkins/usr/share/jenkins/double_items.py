"""TEST DOUBLE of what Jenkins keeps: jobs (multibranch pipelines over git), their branch indexing and builds,
the system credentials store, and tool installations. For the workload testbed only; see jenkins_double.py.

Files live where Jenkins keeps them in JENKINS_HOME, in Jenkins' formats where a tool reads them:
  jobs/NAME/config.xml                     the multibranch project (re-serialized as Jenkins does, see normalize)
  jobs/NAME/indexing/indexing.log          the last branch indexing's log
  jobs/NAME/branches/BRANCH/builds/N/log   a build's console log (build.json: the double's own record of it)
  credentials.xml                          the system store (0600; secrets are NOT encrypted by the double)
  org.jenkinsci.plugins.DependencyCheck.DependencyCheckToolBuilder.xml
                                           Dependency-Check installations, read at startup like any descriptor
"""

import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from urllib.parse import quote

import double_pipeline

MULTIBRANCH = "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject"
GIT_SOURCE = "jenkins.plugins.git.GitSCMSource"
STRING_CREDENTIALS = "org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl"
USERNAME_PASSWORD = "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl"
DC_DESCRIPTOR_FILE = "org.jenkinsci.plugins.DependencyCheck.DependencyCheckToolBuilder.xml"
DC_INSTALLATION = "org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstallation"
UNSAFE_NAME_CHARACTERS = "?*/\\%!@#$^&|<>[]:;"
NOT_ENCRYPTED = "{TEST-DOUBLE-NOT-ENCRYPTED:"

# The plugin that provides each class the double reads: Jenkins cannot load a class whose plugin is missing.
CLASS_PLUGINS = {
    MULTIBRANCH: "workflow-multibranch",
    GIT_SOURCE: "git",
    STRING_CREDENTIALS: "plain-credentials",
    USERNAME_PASSWORD: "credentials",
}


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def log(message):
    import sys
    print(f"jenkins (test double): {message}", file=sys.stderr, flush=True)


def write_atomically(path, text, mode=0o644):
    directory = os.path.dirname(path)
    os.makedirs(directory, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix="." + os.path.basename(path) + ".")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.chmod(temporary, mode)
    os.replace(temporary, path)


def check_good_name(name):
    """jenkins.model.Jenkins.checkGoodName."""
    if name is None or name == "":
        raise HttpError(400, "No name is specified")
    if name.strip() in (".", ".."):
        raise HttpError(400, f"\u201c{name.strip()}\u201d is not an allowed name")
    for ch in name:
        if ord(ch) < 32 or ord(ch) == 127:
            raise HttpError(400, "No control code is allowed in a name")
        if ch in UNSAFE_NAME_CHARACTERS:
            raise HttpError(400, f"\u2018{ch}\u2019 is an unsafe character")


def parse_xml(text, what):
    try:
        return ET.fromstring(text.encode("utf-8") if isinstance(text, str) else text)
    except ET.ParseError as error:
        raise HttpError(400, f"Failed to parse {what}: {error}") from error


def require_plugin(plugins, class_name):
    plugin = CLASS_PLUGINS.get(class_name)
    if plugin and plugin not in plugins:
        raise HttpError(500, f"com.thoughtworks.xstream.mapper.CannotResolveClassException: {class_name} "
                             f"(the {plugin} plugin is not installed)")


def text_of(element, path, default=""):
    found = element.find(path)
    return (found.text or "").strip() if found is not None and found.text is not None else default


def xstream_text(root):
    """The element as XStream writes it: empty elements as <x/>, without ElementTree's space."""
    return ET.tostring(root, encoding="unicode").replace(" />", "/>")


def set_child(parent, tag, value):
    child = parent.find(tag)
    if child is None:
        child = ET.SubElement(parent, tag)
    child.text = value
    return child


# --- the multibranch project -------------------------------------------------------------------------------

CRONTABS = [(5 * 60_000, "* * * * *"), (30 * 60_000, "H/5 * * * *"), (60 * 60_000, "H/15 * * * *"),
            (8 * 3_600_000, "H/30 * * * *"), (86_400_000, "H H/4 * * *"), (2 * 86_400_000, "H H/12 * * *")]


def crontab_for(interval_ms):
    """PeriodicFolderTrigger's spec for an interval (it checks every so often, then compares times)."""
    for limit, spec in CRONTABS:
        if interval_ms <= limit:
            return spec
    return "H H * * *"


class MultiBranchConfig:
    """The fields of a WorkflowMultiBranchProject config.xml that the double acts on."""

    def __init__(self, root, plugins):
        if root.tag != MULTIBRANCH:
            raise HttpError(400, f"the jenkins TEST DOUBLE creates {MULTIBRANCH} items only, not {root.tag}")
        require_plugin(plugins, root.tag)
        self.root = root
        self.description = text_of(root, "description")
        self.disabled = text_of(root, "disabled", "false") == "true"
        sources = root.findall("./sources/data/jenkins.branch.BranchSource/source")
        self.sources = []
        for source in sources:
            kind = source.get("class")
            if kind != GIT_SOURCE:
                raise HttpError(400, f"the jenkins TEST DOUBLE reads {GIT_SOURCE} branch sources only, not {kind}")
            require_plugin(plugins, kind)
            remote = text_of(source, "remote")
            if not remote:
                raise HttpError(400, "GitSCMSource without a remote")
            traits = source.find("traits")
            trait_tags = [t.tag for t in traits] if traits is not None else []
            wildcard = traits.find("jenkins.scm.impl.trait.WildcardSCMHeadFilterTrait") if traits is not None else None
            regex = traits.find("jenkins.scm.impl.trait.RegexSCMHeadFilterTrait") if traits is not None else None
            self.sources.append({
                "id": text_of(source, "id"),
                "remote": remote,
                "credentialsId": text_of(source, "credentialsId") or None,
                "discoverBranches": "jenkins.plugins.git.traits.BranchDiscoveryTrait" in trait_tags,
                "includes": text_of(wildcard, "includes", "*") if wildcard is not None else "*",
                "excludes": text_of(wildcard, "excludes", "") if wildcard is not None else "",
                "regex": text_of(regex, "regex", ".*") if regex is not None else ".*",
            })
        factory = root.find("factory")
        if factory is not None and factory.get("class") not in (None, "org.jenkinsci.plugins.workflow.multibranch.WorkflowBranchProjectFactory"):
            raise HttpError(400, f"the jenkins TEST DOUBLE supports WorkflowBranchProjectFactory only, not {factory.get('class')}")
        self.script_path = text_of(factory, "scriptPath", "Jenkinsfile") if factory is not None else "Jenkinsfile"
        trigger = root.find("./triggers/com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger")
        self.interval_ms = None
        if trigger is not None:
            try:
                self.interval_ms = int(text_of(trigger, "interval"))
            except ValueError as error:
                raise HttpError(400, f"PeriodicFolderTrigger interval must be milliseconds: {error}") from error
        orphans = root.find("orphanedItemStrategy")
        self.prune = orphans is None or text_of(orphans, "pruneDeadBranches", "true") == "true"

    def normalized(self, plugin_versions):
        """The XML as Jenkins writes it back: XML 1.1 header, plugin attributes, defaults filled in."""
        root = self.root
        root.set("plugin", f"workflow-multibranch@{plugin_versions.get('workflow-multibranch', '1.0')}")
        for tag, default in (("properties", None), ("description", ""), ("actions", None)):
            if root.find(tag) is None:
                element = ET.Element(tag)
                element.text = default
                root.insert(0, element)
        if root.find("orphanedItemStrategy") is None:
            strategy = ET.SubElement(root, "orphanedItemStrategy", {
                "class": "com.cloudbees.hudson.plugins.folder.computed.DefaultOrphanedItemStrategy",
                "plugin": f"cloudbees-folder@{plugin_versions.get('cloudbees-folder', '1.0')}"})
            for tag, value in (("pruneDeadBranches", "true"), ("daysToKeep", "-1"), ("numToKeep", "-1"), ("abortBuilds", "false")):
                ET.SubElement(strategy, tag).text = value
        if root.find("disabled") is None:
            ET.SubElement(root, "disabled").text = "false"
        trigger = root.find("./triggers/com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger")
        if trigger is not None:
            trigger.set("plugin", f"cloudbees-folder@{plugin_versions.get('cloudbees-folder', '1.0')}")
            set_child(trigger, "spec", crontab_for(self.interval_ms))
        for source in root.findall("./sources/data/jenkins.branch.BranchSource/source"):
            source.set("plugin", f"git@{plugin_versions.get('git', '1.0')}")
            if source.find("credentialsId") is None:
                ET.SubElement(source, "credentialsId")
        sources = root.find("sources")
        if sources is not None:
            sources.set("plugin", f"branch-api@{plugin_versions.get('branch-api', '1.0')}")
        ET.indent(root, "  ")
        return "<?xml version='1.1' encoding='UTF-8'?>\n" + xstream_text(root) + "\n"


# --- builds ---------------------------------------------------------------------------------------------------

class Build:
    """One run of a branch job: its record (build.json), its log and its workspace."""

    def __init__(self, job, number, record=None):
        self.job, self.number = job, number
        self.dir = os.path.join(job.dir, "builds", str(number))
        self.record = record or {"number": number, "result": None, "building": True, "timestamp": int(time.time() * 1000),
                                 "duration": 0, "cause": "", "commit": None, "stages": [], "tests": None,
                                 "artifacts": [], "dependencyCheck": None}
        self.processes = []
        self._log_lock = threading.Lock()

    # what double_pipeline.Runner uses
    @property
    def workspace(self):
        return self.job.workspace

    @property
    def started(self):
        return self.record["timestamp"] / 1000

    @property
    def result(self):
        return self.record["result"] or "SUCCESS"

    @property
    def full_display_name(self):
        return f"{self.job.parent.name} \u00bb {self.job.name} #{self.number}"

    def log(self, line):
        with self._log_lock, open(os.path.join(self.dir, "log"), "a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def set_result(self, result):
        self.record["result"] = double_pipeline.worse(self.result, result)

    def stage(self, name, status):
        self.record["stages"].append({"name": name, "status": status})

    def track(self, process):
        self.processes.append(process)

    def environment(self):
        controller = self.job.parent.controller
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL")}
        env.setdefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
        env.update({
            "JENKINS_HOME": controller.home,
            "JENKINS_URL": controller.url,
            "BUILD_NUMBER": str(self.number),
            "BUILD_ID": str(self.number),
            "BUILD_DISPLAY_NAME": f"#{self.number}",
            "BUILD_TAG": f"jenkins-{self.job.parent.name}-{self.job.name}-{self.number}",
            "BUILD_URL": f"{controller.url}{self.job.url_path}{self.number}/",
            "JOB_NAME": f"{self.job.parent.name}/{self.job.name}",
            "JOB_BASE_NAME": self.job.name,
            "JOB_URL": f"{controller.url}{self.job.url_path}",
            "BRANCH_NAME": self.job.branch,
            "EXECUTOR_NUMBER": "0",
            "NODE_NAME": "built-in",
            "NODE_LABELS": "built-in",
            "WORKSPACE": self.workspace,
            "WORKSPACE_TMP": self.workspace + "@tmp",
            "GIT_COMMIT": self.record["commit"] or "",
            "GIT_BRANCH": self.job.branch,
            "GIT_URL": self.job.parent.config.sources[0]["remote"],
        })
        return env

    def credential(self, credential_id):
        return self.job.parent.controller.credentials.lookup(credential_id)

    def tool(self, kind, name):
        return self.job.parent.controller.tools.lookup(kind, name)

    def add_tests(self, suites):
        tests = self.record["tests"] or {"suites": []}
        tests["suites"] += suites
        self.record["tests"] = tests
        return sum(1 for s in suites for c in s["cases"] if c["status"] == "FAILED")

    def set_dependency_check(self, counts):
        self.record["dependencyCheck"] = counts

    def archive(self, files):
        for rel in files:
            target = os.path.join(self.dir, "archive", rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(self.workspace, rel), target)
            self.record["artifacts"].append({"displayPath": os.path.basename(rel), "fileName": os.path.basename(rel),
                                             "relativePath": rel})

    def save(self):
        write_atomically(os.path.join(self.dir, "build.json"), json.dumps(self.record, indent=1))

    # what the HTTP API shows
    def api(self, base):
        url = f"{base}{self.job.url_path}{self.number}/"
        actions = [{"_class": "hudson.model.CauseAction", "causes": [{"shortDescription": self.record["cause"]}]}]
        if self.record["tests"] is not None:
            counts = self.test_counts()
            actions.append({"_class": "hudson.tasks.junit.TestResultAction", "failCount": counts["failCount"],
                            "skipCount": counts["skipCount"], "totalCount": counts["totalCount"], "urlName": "testReport"})
        if self.record["dependencyCheck"] is not None:
            actions.append({"_class": "org.jenkinsci.plugins.DependencyCheck.ResultAction"})
        if self.record["commit"]:
            actions.append({"_class": "hudson.plugins.git.util.BuildData",
                            "lastBuiltRevision": {"SHA1": self.record["commit"],
                                                  "branch": [{"SHA1": self.record["commit"], "name": self.job.branch}]}})
        return {
            "_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
            "actions": actions,
            "artifacts": self.record["artifacts"],
            "building": self.record["building"],
            "displayName": f"#{self.number}",
            "duration": self.record["duration"],
            "fullDisplayName": self.full_display_name,
            "id": str(self.number),
            "number": self.number,
            "result": None if self.record["building"] else self.result,
            "timestamp": self.record["timestamp"],
            "url": url,
        }

    def test_counts(self):
        cases = [c for s in (self.record["tests"] or {"suites": []})["suites"] for c in s["cases"]]
        fail = sum(1 for c in cases if c["status"] == "FAILED")
        skip = sum(1 for c in cases if c["status"] == "SKIPPED")
        return {"failCount": fail, "skipCount": skip, "passCount": len(cases) - fail - skip, "totalCount": len(cases)}

    def test_report(self):
        suites = self.record["tests"]["suites"]
        counts = self.test_counts()
        return {"_class": "hudson.tasks.junit.TestResult",
                "duration": sum(s["duration"] for s in suites), "empty": counts["totalCount"] == 0,
                "failCount": counts["failCount"], "passCount": counts["passCount"], "skipCount": counts["skipCount"],
                "suites": suites}

    def console(self):
        path = os.path.join(self.dir, "log")
        with open(path, encoding="utf-8") as handle:
            return handle.read()


class BranchJob:
    """A branch of a multibranch project: a WorkflowJob running the branch's Jenkinsfile."""

    def __init__(self, parent, branch):
        self.parent, self.branch = parent, branch
        self.name = branch.replace("/", "%2F")
        self.dir = os.path.join(parent.dir, "branches", self.name)
        self.url_path = f"{parent.url_path}job/{quote(self.name, safe='')}/"
        self.workspace = os.path.join(parent.controller.home, "workspace", f"{parent.name}_{self.name}")
        self.lock = threading.Lock()
        self.running = threading.Lock()
        self.builds = {}
        self.queued = None
        state = self._state()
        self.revision = state.get("revision")
        builds = os.path.join(self.dir, "builds")
        for entry in sorted(os.listdir(builds), key=int) if os.path.isdir(builds) else []:
            path = os.path.join(builds, entry, "build.json")
            if entry.isdigit() and os.path.isfile(path):
                with open(path, encoding="utf-8") as handle:
                    record = json.load(handle)
                build = Build(self, int(entry), record)
                if record["building"]:
                    # Jenkins resumes pipelines after a restart; the double cannot, and aborts them.
                    record["building"], record["result"] = False, "ABORTED"
                    build.log("Resuming build... the jenkins TEST DOUBLE cannot resume builds: aborted")
                    build.save()
                self.builds[int(entry)] = build

    def _state(self):
        path = os.path.join(self.dir, "state.json")
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as handle:
                return json.load(handle)
        return {}

    def save_state(self):
        write_atomically(os.path.join(self.dir, "state.json"), json.dumps({"revision": self.revision}))

    def next_number(self):
        return max(self.builds, default=0) + 1

    def permalink(self, name):
        ordered = sorted(self.builds.values(), key=lambda b: b.number, reverse=True)
        done = [b for b in ordered if not b.record["building"]]
        pick = {
            "lastBuild": ordered[:1],
            "lastCompletedBuild": done[:1],
            "lastSuccessfulBuild": [b for b in done if b.result == "SUCCESS"][:1],
            "lastFailedBuild": [b for b in done if b.result == "FAILURE"][:1],
            "lastUnsuccessfulBuild": [b for b in done if b.result != "SUCCESS"][:1],
        }.get(name)
        return pick[0] if pick else None

    def api(self, base):
        def ref(build):
            return None if build is None else {"_class": "org.jenkinsci.plugins.workflow.job.WorkflowRun",
                                                "number": build.number, "url": f"{base}{self.url_path}{build.number}/"}
        last = self.permalink("lastCompletedBuild")
        color = "notbuilt" if last is None else {"SUCCESS": "blue", "UNSTABLE": "yellow", "FAILURE": "red"}.get(last.result, "aborted")
        if self.permalink("lastBuild") is not None and self.permalink("lastBuild").record["building"]:
            color += "_anime"
        return {
            "_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob",
            "buildable": True,
            "builds": [ref(b) for b in sorted(self.builds.values(), key=lambda b: b.number, reverse=True)],
            "color": color,
            "displayName": self.branch,
            "fullDisplayName": f"{self.parent.name} \u00bb {self.branch}",
            "fullName": f"{self.parent.name}/{self.name}",
            "inQueue": self.queued is not None,
            "lastBuild": ref(self.permalink("lastBuild")),
            "lastCompletedBuild": ref(last),
            "lastFailedBuild": ref(self.permalink("lastFailedBuild")),
            "lastSuccessfulBuild": ref(self.permalink("lastSuccessfulBuild")),
            "name": self.name,
            "nextBuildNumber": self.next_number(),
            "url": f"{base}{self.url_path}",
        }


class MultiBranchProject:
    def __init__(self, controller, name, config):
        self.controller, self.name, self.config = controller, name, config
        self.dir = os.path.join(controller.home, "jobs", name)
        self.url_path = f"job/{quote(name, safe='')}/"
        self.branches = {}
        self.indexing = {"building": False, "result": None, "timestamp": 0}
        self.index_again = None  # the cause of a scan asked for while one ran
        self.lock = threading.Lock()
        state = os.path.join(self.dir, "indexing", "state.json")
        if os.path.isfile(state):
            with open(state, encoding="utf-8") as handle:
                self.indexing.update(json.load(handle))
            self.indexing["building"] = False
        branches = os.path.join(self.dir, "branches")
        for entry in sorted(os.listdir(branches)) if os.path.isdir(branches) else []:
            job = BranchJob(self, entry.replace("%2F", "/"))
            self.branches[job.branch] = job
        self.created = os.path.getmtime(os.path.join(self.dir, "config.xml")) if os.path.isdir(self.dir) else time.time()

    def config_xml(self):
        with open(os.path.join(self.dir, "config.xml"), encoding="utf-8") as handle:
            return handle.read()

    def api(self, base):
        return {
            "_class": MULTIBRANCH,
            "description": self.config.description,
            "displayName": self.name,
            "fullName": self.name,
            "jobs": [{"_class": "org.jenkinsci.plugins.workflow.job.WorkflowJob", "name": j.name,
                      "url": f"{base}{j.url_path}", "color": j.api(base)["color"]}
                     for j in sorted(self.branches.values(), key=lambda j: j.name)],
            "name": self.name,
            "url": f"{base}{self.url_path}",
        }

    def indexing_log(self):
        path = os.path.join(self.dir, "indexing", "indexing.log")
        if not os.path.isfile(path):
            return None
        with open(path, encoding="utf-8") as handle:
            return handle.read()


# --- git, as the git plugin runs it ------------------------------------------------------------------------------

class Git:
    def __init__(self, controller, source, log_line):
        self.controller, self.source, self.log = controller, source, log_line

    def env(self, tmp):
        env = dict(os.environ)
        env["GIT_TERMINAL_PROMPT"] = "0"
        credential_id = self.source["credentialsId"]
        if credential_id:
            credential = self.controller.credentials.lookup(credential_id)
            if credential is None or credential["kind"] != "usernamePassword":
                raise HttpError(500, f"Warning: CredentialId \"{credential_id}\" could not be found.")
            # As the git plugin does: a throwaway askpass program in a private temporary directory.
            askpass = os.path.join(tmp, "pass.sh")
            with open(askpass, "w", encoding="utf-8") as handle:
                handle.write("#!/bin/sh\ncase \"$1\" in Username*) cat \"$(dirname \"$0\")/u\";; *) cat \"$(dirname \"$0\")/p\";; esac\n")
            for name, value in (("u", credential["username"]), ("p", credential["password"])):
                with open(os.path.join(tmp, name), "w", encoding="utf-8") as handle:
                    handle.write(value)
            os.chmod(askpass, 0o700)
            env["GIT_ASKPASS"] = askpass
        return env

    def run(self, args, cwd=None, tmp=None):
        self.log(" > git " + " ".join(args))
        result = subprocess.run(["git", *args], cwd=cwd, env=self.env(tmp), capture_output=True, text=True, timeout=600)
        if result.returncode != 0:
            raise RuntimeError(f"Command \"git {' '.join(args)}\" returned status code {result.returncode}:\n"
                               f"stdout: {result.stdout}\nstderr: {result.stderr}")
        return result.stdout


# --- credentials ---------------------------------------------------------------------------------------------------

class CredentialsStore:
    """The system credentials store, global domain (credentials.xml)."""

    def __init__(self, controller):
        self.controller = controller
        self.path = os.path.join(controller.home, "credentials.xml")
        self.items = []
        self.lock = threading.Lock()
        if os.path.isfile(self.path):
            root = ET.parse(self.path).getroot()
            for element in root.iter():
                if element.tag in (STRING_CREDENTIALS, USERNAME_PASSWORD):
                    self.items.append(self.read(element, stored=True))

    @staticmethod
    def secret(text, stored):
        if stored and text.startswith(NOT_ENCRYPTED) and text.endswith("}"):
            return base64.b64decode(text[len(NOT_ENCRYPTED):-1]).decode("utf-8")
        return text

    def read(self, element, stored=False):
        kind = "string" if element.tag == STRING_CREDENTIALS else "usernamePassword"
        item = {
            "class": element.tag,
            "kind": kind,
            "typeName": "Secret text" if kind == "string" else "Username with password",
            "scope": text_of(element, "scope", "GLOBAL"),
            "id": text_of(element, "id"),
            "description": text_of(element, "description"),
        }
        if not item["id"]:
            import uuid
            item["id"] = str(uuid.uuid4())  # IdCredentials.Helpers.fixEmptyId
        if item["scope"] not in ("GLOBAL", "SYSTEM"):
            raise HttpError(500, f"Unknown credentials scope {item['scope']}")
        if kind == "string":
            item["secret"] = self.secret(element.findtext("secret") or "", stored)
        else:
            item["username"] = text_of(element, "username")
            item["password"] = self.secret(element.findtext("password") or "", stored)
        return item

    def parse(self, body):
        try:
            root = ET.fromstring(body)
        except ET.ParseError as error:
            raise HttpError(500, f"java.io.IOException: Failed to parse credential: {error}") from error
        if root.tag not in (STRING_CREDENTIALS, USERNAME_PASSWORD):
            raise HttpError(500, f"com.thoughtworks.xstream.mapper.CannotResolveClassException: {root.tag} "
                                 "(or a credential type the jenkins TEST DOUBLE does not store)")
        require_plugin(self.controller.plugin_names, root.tag)
        return self.read(root)

    def lookup(self, credential_id):
        with self.lock:
            return next((dict(c) for c in self.items if c["id"] == credential_id), None)

    def add(self, body):
        item = self.parse(body)
        with self.lock:
            if any(c["id"] == item["id"] for c in self.items):
                raise HttpError(409, "")
            self.items.append(item)
            self.save()

    def update(self, credential_id, body):
        item = self.parse(body)
        with self.lock:
            index = next((i for i, c in enumerate(self.items) if c["id"] == credential_id), None)
            if index is None:
                raise HttpError(404, "Not Found")
            if item["id"] != credential_id and any(c["id"] == item["id"] for c in self.items):
                raise HttpError(409, "")
            self.items[index] = item
            self.save()

    def delete(self, credential_id):
        with self.lock:
            before = len(self.items)
            self.items = [c for c in self.items if c["id"] != credential_id]
            if len(self.items) == before:
                raise HttpError(404, "Not Found")
            self.save()

    def redacted_xml(self, item):
        """GET config.xml: the secret portion is always replaced with <secret-redacted/>."""
        root = ET.Element(item["class"], {"plugin": "plain-credentials@1.0" if item["kind"] == "string" else "credentials@1.0"})
        ET.SubElement(root, "scope").text = item["scope"]
        ET.SubElement(root, "id").text = item["id"]
        ET.SubElement(root, "description").text = item["description"]
        if item["kind"] == "string":
            ET.SubElement(ET.SubElement(root, "secret"), "secret-redacted")
        else:
            ET.SubElement(root, "username").text = item["username"]
            ET.SubElement(ET.SubElement(root, "password"), "secret-redacted")
        ET.indent(root, "  ")
        return xstream_text(root) + "\n"

    def api(self, item):
        name = (item["description"] or item["id"]) if item["kind"] == "string" else \
            f"{item['username']}/****** ({item['description']})" if item["description"] else f"{item['username']}/******"
        return {"_class": "com.cloudbees.plugins.credentials.CredentialsStoreAction$CredentialsWrapper",
                "description": item["description"], "displayName": name, "fingerprint": None,
                "fullName": f"system/_/{item['id']}", "id": item["id"], "typeName": item["typeName"]}

    def save(self):
        root = ET.Element("com.cloudbees.plugins.credentials.SystemCredentialsProvider", {"plugin": "credentials@1.0"})
        entry = ET.SubElement(ET.SubElement(root, "domainCredentialsMap", {"class": "hudson.util.CopyOnWriteMap$Hash"}), "entry")
        ET.SubElement(ET.SubElement(entry, "com.cloudbees.plugins.credentials.domains.Domain"), "specifications")
        listed = ET.SubElement(entry, "java.util.concurrent.CopyOnWriteArrayList")
        for item in self.items:
            element = ET.SubElement(listed, item["class"])
            for key in ("scope", "id", "description"):
                ET.SubElement(element, key).text = item[key]
            if item["kind"] == "string":
                ET.SubElement(element, "secret").text = NOT_ENCRYPTED + base64.b64encode(item["secret"].encode()).decode() + "}"
            else:
                ET.SubElement(element, "username").text = item["username"]
                ET.SubElement(element, "password").text = NOT_ENCRYPTED + base64.b64encode(item["password"].encode()).decode() + "}"
        ET.indent(root, "  ")
        write_atomically(self.path, "<?xml version='1.1' encoding='UTF-8'?>\n" + xstream_text(root) + "\n", 0o600)


# --- tools ------------------------------------------------------------------------------------------------------------

class Tools:
    """Tool installations, read once at startup from their descriptors' files (a change needs a restart)."""

    def __init__(self, controller):
        self.installations = {}
        if "dependency-check-jenkins-plugin" not in controller.plugin_names:
            return
        path = os.path.join(controller.home, DC_DESCRIPTOR_FILE)
        if not os.path.isfile(path):
            return
        root = ET.parse(path).getroot()
        for element in root.iter(DC_INSTALLATION):
            installers = element.find("./properties/hudson.tools.InstallSourceProperty/installers")
            self.installations[("dependency-check", text_of(element, "name"))] = {
                "home": text_of(element, "home"),
                "installers": [i.tag for i in installers] if installers is not None else [],
            }

    def lookup(self, kind, name):
        installation = self.installations.get((kind, name))
        if installation is None:
            return None
        if installation["installers"]:
            raise double_pipeline.StepFailure(
                f"{name}: tool installers ({', '.join(installation['installers'])}) are not run by the jenkins TEST DOUBLE")
        return installation["home"]


# --- branch indexing and builds --------------------------------------------------------------------------------------

class Scheduler:
    """The built-in node's executors (two), the branch indexing of multibranch projects, the periodic triggers."""

    def __init__(self, controller):
        self.controller = controller
        self.semaphore = threading.Semaphore(2)
        threading.Thread(target=self.periodic, daemon=True).start()

    def periodic(self):
        while True:
            time.sleep(30)
            for project in list(self.controller.items.values()):
                interval = project.config.interval_ms
                if interval is None or project.indexing["building"] or project.config.disabled:
                    continue
                last = max(project.indexing["timestamp"] / 1000, project.created)
                if time.time() - last >= interval / 1000:
                    self.index(project, "Started by timer")

    def index(self, project, cause):
        with project.lock:
            if project.indexing["building"]:
                # As Jenkins queues a computation asked for while one runs: one more scan once this one ends.
                project.index_again = cause
                return
            project.indexing.update({"building": True, "result": None, "timestamp": int(time.time() * 1000)})
        threading.Thread(target=self._index, args=(project, cause), daemon=True).start()

    def _index(self, project, cause):
        directory = os.path.join(project.dir, "indexing")
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, "indexing.log")
        lines = []

        def say(line):
            lines.append(line)
            with open(path, "a" if len(lines) > 1 else "w", encoding="utf-8") as handle:
                handle.write(line + "\n")

        started = time.time()
        say(cause)
        say(f"[{time.strftime('%a %b %d %H:%M:%S %Z %Y')}] Starting branch indexing...")
        result = "SUCCESS"
        try:
            seen = set()
            for source in project.config.sources:
                seen |= self._index_source(project, source, say)
            for branch in sorted(set(project.branches) - seen):
                if project.config.prune:
                    say(f"Will remove {branch}")
                    job = project.branches.pop(branch)
                    shutil.rmtree(job.dir, ignore_errors=True)
        except (RuntimeError, HttpError, subprocess.TimeoutExpired) as error:
            say(f"ERROR: [{time.strftime('%a %b %d %H:%M:%S %Z %Y')}] Could not fetch branches from source: {error}")
            result = "FAILURE"
        say(f"[{time.strftime('%a %b %d %H:%M:%S %Z %Y')}] Finished branch indexing. Indexing took {time.time() - started:.1f} sec")
        say(f"Finished: {result}")
        with project.lock:
            project.indexing.update({"building": False, "result": result})
            write_atomically(os.path.join(directory, "state.json"), json.dumps(project.indexing))
            again, project.index_again = project.index_again, None
        if again:
            self.index(project, again)

    def _index_source(self, project, source, say):
        seen = set()
        with tempfile.TemporaryDirectory(prefix="git-", dir=self.controller.tmp) as tmp:
            git = Git(self.controller, source, say)
            heads = {}
            for line in git.run(["ls-remote", "--heads", source["remote"]], tmp=tmp).splitlines():
                sha, ref = line.split("\t")
                heads[ref[len("refs/heads/"):]] = sha
            if not source["discoverBranches"]:
                say("No branch discovery trait: no branches are discovered")
                return seen
            cache = os.path.join(self.controller.home, "caches", "git-" + hashlib.md5(source["remote"].encode()).hexdigest())
            if not os.path.isdir(cache):
                git.run(["init", "-q", "--bare", cache], tmp=tmp)
            git.run(["fetch", "-q", "--force", source["remote"], "+refs/heads/*:refs/remotes/origin/*"], cwd=cache, tmp=tmp)
            say("Checking branches...")
            for branch in sorted(heads):
                if not self._wanted(source, branch):
                    continue
                sha = heads[branch]
                say(f"  Checking branch {branch}")
                found = subprocess.run(["git", "cat-file", "-e", f"{sha}:{project.config.script_path}"], cwd=cache,
                                       capture_output=True).returncode == 0
                if not found:
                    say(f"      \u2018{project.config.script_path}\u2019 not found")
                    say("    Does not meet criteria")
                    continue
                say(f"      \u2018{project.config.script_path}\u2019 found")
                say("    Met criteria")
                seen.add(branch)
                job = project.branches.get(branch)
                if job is None:
                    job = BranchJob(project, branch)
                    os.makedirs(job.dir, exist_ok=True)
                    project.branches[branch] = job
                if job.revision != sha:
                    say(f"Changes detected: {branch} ({job.revision} \u2192 {sha})" if job.revision else
                        f"Scheduled build for branch: {branch}")
                    self.build(job, "Branch indexing", sha)
                else:
                    say(f"No changes detected: {branch} (still at {sha})")
            say(f"Processed {len(heads)} branches")
        return seen

    @staticmethod
    def _wanted(source, branch):
        includes = [p for p in source["includes"].split() if p]
        excludes = [p for p in source["excludes"].split() if p]
        import fnmatch
        return (any(fnmatch.fnmatchcase(branch, p) for p in includes)
                and not any(fnmatch.fnmatchcase(branch, p) for p in excludes)
                and re.fullmatch(source["regex"], branch) is not None)

    def build(self, job, cause, revision=None):
        """Schedules a build of the branch job (one at a time per branch, like disableConcurrentBuilds)."""
        with job.lock:
            if job.queued is not None:
                return job.queued
            build = Build(job, job.next_number())  # numbered when it starts
            build.record["cause"] = cause
            job.queued = build
        threading.Thread(target=self._run, args=(job, build, revision), daemon=True).start()
        return build

    def _run(self, job, build, revision):
        with job.running, self.semaphore:
            with job.lock:
                job.queued = None
                build.number = job.next_number()
                build.record["number"] = build.number
                build.dir = os.path.join(job.dir, "builds", str(build.number))
                os.makedirs(build.dir, exist_ok=True)
                build.record["timestamp"] = int(time.time() * 1000)
                job.builds[build.number] = build
                build.save()
            try:
                self._execute(job, build, revision)
            except Exception as error:  # the build fails, the double keeps running
                build.log(f"ERROR: {error}")
                build.set_result("FAILURE")
            build.record["building"] = False
            build.record["duration"] = int(time.time() * 1000) - build.record["timestamp"]
            build.log(f"Finished: {build.result}")
            build.save()

    def _execute(self, job, build, revision):
        project = job.parent
        source = project.config.sources[0]
        build.log(build.record["cause"])
        build.log("[Pipeline] Start of Pipeline")
        build.log("[Pipeline] node")
        build.log(f"Running on Jenkins in {job.workspace}")
        os.makedirs(job.workspace, exist_ok=True)
        build.log("[Pipeline] stage")
        build.log("[Pipeline] { (Declarative: Checkout SCM)")
        build.log("[Pipeline] checkout")
        tmp = job.workspace + "@tmp"
        os.makedirs(tmp, exist_ok=True)
        git = Git(self.controller, source, build.log)
        try:
            if not os.path.isdir(os.path.join(job.workspace, ".git")):
                build.log("Cloning the remote Git repository")
                git.run(["init", "-q", job.workspace], tmp=tmp)
            git.run(["fetch", "-q", "--tags", "--force", "--", source["remote"], "+refs/heads/*:refs/remotes/origin/*"],
                    cwd=job.workspace, tmp=tmp)
            if revision is None:
                revision = git.run(["rev-parse", f"refs/remotes/origin/{job.branch}^{{commit}}"], cwd=job.workspace, tmp=tmp).strip()
            build.log(f"Checking out Revision {revision} ({job.branch})")
            git.run(["checkout", "-q", "-f", revision], cwd=job.workspace, tmp=tmp)
            message = git.run(["log", "-1", "--format=%s", revision], cwd=job.workspace, tmp=tmp).strip()
            build.log(f"Commit message: \"{message}\"")
        except RuntimeError as error:
            build.log(f"ERROR: {error}")
            build.set_result("FAILURE")
            build.stage("Declarative: Checkout SCM", "FAILURE")
            return
        build.record["commit"] = revision
        job.revision = revision
        job.save_state()
        build.log("[Pipeline] }")
        script = os.path.join(job.workspace, project.config.script_path)
        try:
            with open(script, encoding="utf-8") as handle:
                pipeline = double_pipeline.parse(handle.read())
        except (OSError, double_pipeline.PipelineError) as error:
            build.log("org.codehaus.groovy.control.MultipleCompilationErrorsException: startup failed:")
            build.log(str(error))
            build.set_result("FAILURE")
            return
        double_pipeline.Runner(pipeline, build).run()
        build.log("[Pipeline] End of Pipeline")


# --- the items of the controller --------------------------------------------------------------------------------------

def load_items(controller):
    items = {}
    jobs = os.path.join(controller.home, "jobs")
    for name in sorted(os.listdir(jobs)) if os.path.isdir(jobs) else []:
        path = os.path.join(jobs, name, "config.xml")
        if not os.path.isfile(path):
            continue
        try:
            with open(path, encoding="utf-8") as handle:
                config = MultiBranchConfig(parse_xml(handle.read(), path), controller.plugin_names)
        except HttpError as error:
            # Jenkins keeps going without an item it cannot load, and says so in its log.
            log(f"Failed Loading item {name}: {error}")
            continue
        items[name] = MultiBranchProject(controller, name, config)
    return items


def create_item(controller, name, body):
    check_good_name(name)
    if name in controller.items:
        raise HttpError(400, f"A job already exists with the name \u2018{name}\u2019")
    config = MultiBranchConfig(parse_xml(body, "config.xml"), controller.plugin_names)
    text = config.normalized(controller.plugin_versions)
    write_atomically(os.path.join(controller.home, "jobs", name, "config.xml"), text)
    project = MultiBranchProject(controller, name, config)
    controller.items[name] = project
    return project


def update_item(controller, project, body):
    config = MultiBranchConfig(parse_xml(body, "config.xml"), controller.plugin_names)
    text = config.normalized(controller.plugin_versions)
    write_atomically(os.path.join(project.dir, "config.xml"), text)
    project.config = config
