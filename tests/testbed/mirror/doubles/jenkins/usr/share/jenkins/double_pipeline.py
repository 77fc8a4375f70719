"""TEST DOUBLE of Jenkins' declarative Pipeline, for the workload testbed only.

Not Groovy and not Jenkins' Pipeline engine: a reader of the declarative subset the workload's Jenkinsfile uses,
and a runner of its steps with the semantics Jenkins documents for them:

  pipeline { agent any; options { disableConcurrentBuilds() }; environment { NAME = 'value' }
             stages { stage('name') { when { branch 'pattern' }; steps { ... }; post { ... } } }; post { ... } }
  steps:  sh 'script' | sh script: '...'  (a script starting with #! runs with that interpreter, others with sh -xe)
          echo 'text'
          junit 'pattern' | junit testResults: '...', allowEmptyResults: true
          withCredentials([string(credentialsId: 'id', variable: 'NAME'),
                           usernamePassword(credentialsId: 'id', usernameVariable: 'U', passwordVariable: 'P')]) { ... }
          dependencyCheck additionalArguments: '...', odcInstallation: 'name', nvdCredentialsId: 'id', stopBuild: true
          dependencyCheckPublisher pattern: '...', skipNoReportFiles: true
          archiveArtifacts 'pattern' | archiveArtifacts artifacts: '...', allowEmptyArchive: true, excludes: '...'
  post conditions: always, success, unstable, failure, aborted, cleanup

Strings follow Groovy: '...' and '''...''' keep $ as is and read backslash escapes (\\ \' \n \t, a backslash at
the end of a line joins the lines); "..." may not interpolate (the double refuses ${...} in them). Anything else
fails the build with "not supported by the jenkins TEST DOUBLE", so a Jenkinsfile that needs more is noticed.
"""

import fnmatch
import os
import re
import shlex
import subprocess
import tempfile
import xml.etree.ElementTree as ET

RESULTS = ["SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED"]


class PipelineError(Exception):
    """The Jenkinsfile cannot be read (Jenkins reports these as compilation errors)."""


class StepFailure(Exception):
    """A step failed: the stage and the build fail (Jenkins' AbortException and friends)."""


def worse(a, b):
    order = {"SUCCESS": 0, "UNSTABLE": 1, "FAILURE": 2, "NOT_BUILT": 3, "ABORTED": 4}
    return a if order[a] >= order[b] else b


# --- reading -------------------------------------------------------------------------------------------------

TOKEN = re.compile(r"""
    (?P<ws>[ \t\r]+)
  | (?P<nl>\n)
  | (?P<comment>//[^\n]*|/\*.*?\*/)
  | (?P<tsq>'''(?:\\.|[^\\])*?''')
  | (?P<tdq>\"\"\"(?:\\.|[^\\])*?\"\"\")
  | (?P<sq>'(?:\\.|[^'\\\n])*')
  | (?P<dq>"(?:\\.|[^"\\\n])*")
  | (?P<num>\d+(?:\.\d+)?)
  | (?P<name>[A-Za-z_$][A-Za-z0-9_$]*)
  | (?P<punct>[{}()\[\],:=])
""", re.S | re.X)

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", "'": "'", '"': '"', "$": "$"}


def unescape(body, line):
    out, i = [], 0
    while i < len(body):
        c = body[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        nxt = body[i + 1] if i + 1 < len(body) else ""
        if nxt == "\n":
            i += 2  # a backslash at the end of a line joins it with the next
        elif nxt in ESCAPES:
            out.append(ESCAPES[nxt])
            i += 2
        elif nxt == "u" and re.match(r"[0-9a-fA-F]{4}", body[i + 2:i + 6]):
            out.append(chr(int(body[i + 2:i + 6], 16)))
            i += 6
        else:
            raise PipelineError(f"WorkflowScript: {line}: unexpected char: '\\'")
    return "".join(out)


def tokenize(text):
    tokens, pos, line = [], 0, 1
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise PipelineError(f"WorkflowScript: {line}: unexpected input {text[pos:pos + 20]!r}")
        kind, value = m.lastgroup, m.group()
        if kind in ("tsq", "tdq"):
            body = value[3:-3]
            if kind == "tdq" and "${" in body.replace("\\$", ""):
                raise PipelineError(f"WorkflowScript: {line}: GString interpolation is not supported by the jenkins TEST DOUBLE")
            tokens.append(("str", unescape(body, line), line))
        elif kind in ("sq", "dq"):
            body = value[1:-1]
            if kind == "dq" and "${" in body.replace("\\$", ""):
                raise PipelineError(f"WorkflowScript: {line}: GString interpolation is not supported by the jenkins TEST DOUBLE")
            tokens.append(("str", unescape(body, line), line))
        elif kind == "num":
            tokens.append(("num", float(value) if "." in value else int(value), line))
        elif kind == "name":
            tokens.append(("name", value, line))
        elif kind == "punct":
            tokens.append(("punct", value, line))
        elif kind == "nl":
            tokens.append(("nl", "\n", line))
        line += value.count("\n")
        pos = m.end()
    tokens.append(("eof", None, line))
    return tokens


class Call:
    """name args { body }: a section, a directive or a step."""

    def __init__(self, name, positional, named, body, line):
        self.name, self.positional, self.named, self.body, self.line = name, positional, named, body, line

    def __repr__(self):
        return f"Call({self.name}, {self.positional}, {self.named}, body={self.body is not None})"


class Assign:
    def __init__(self, name, value, line):
        self.name, self.value, self.line = name, value, line


class Parser:
    def __init__(self, tokens):
        self.t, self.i = tokens, 0

    def peek(self, skip_nl=False):
        j = self.i
        while skip_nl and self.t[j][0] == "nl":
            j += 1
        return self.t[j]

    def take(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def skip_nl(self):
        while self.t[self.i][0] == "nl":
            self.i += 1

    def expect(self, value):
        self.skip_nl()
        tok = self.take()
        if tok[1] != value:
            raise PipelineError(f"WorkflowScript: {tok[2]}: expecting '{value}', found '{tok[1]}'")
        return tok

    def block(self):
        """Statements up to the matching '}' (the '{' is already taken)."""
        items = []
        while True:
            self.skip_nl()
            tok = self.peek()
            if tok[1] == "}" and tok[0] == "punct":
                self.take()
                return items
            if tok[0] == "eof":
                raise PipelineError(f"WorkflowScript: {tok[2]}: unexpected end of file, missing '}}'")
            items.append(self.statement())

    def statement(self):
        tok = self.take()
        if tok[0] != "name":
            raise PipelineError(f"WorkflowScript: {tok[2]}: unexpected token '{tok[1]}'")
        name, line = tok[1], tok[2]
        nxt = self.peek()
        if nxt[0] == "punct" and nxt[1] == "=":
            self.take()
            return Assign(name, self.value(), line)
        positional, named, body = [], {}, None
        if nxt[0] == "punct" and nxt[1] == "(":
            self.take()
            positional, named = self.arguments(")")
        elif nxt[0] in ("str", "num", "name") or (nxt[0] == "punct" and nxt[1] == "["):
            positional, named = self.command_arguments()
        nxt = self.peek()
        if nxt[0] == "punct" and nxt[1] == "{":
            self.take()
            body = self.block()
        return Call(name, positional, named, body, line)

    def command_arguments(self):
        """Groovy's command syntax: `step a, b: c` up to the end of the line (a trailing comma continues it)."""
        positional, named = [], {}
        while True:
            self.argument(positional, named)
            if self.peek()[0] == "punct" and self.peek()[1] == ",":
                self.take()
                self.skip_nl()
                continue
            return positional, named

    def arguments(self, close):
        positional, named = [], {}
        self.skip_nl()
        if self.peek()[1] == close and self.peek()[0] == "punct":
            self.take()
            return positional, named
        while True:
            self.skip_nl()
            self.argument(positional, named)
            self.skip_nl()
            tok = self.take()
            if tok[1] == close and tok[0] == "punct":
                return positional, named
            if tok[1] != ",":
                raise PipelineError(f"WorkflowScript: {tok[2]}: expecting ',' or '{close}', found '{tok[1]}'")

    def argument(self, positional, named):
        tok = self.peek()
        after = self.t[self.i + 1]
        if tok[0] == "name" and after[0] == "punct" and after[1] == ":":
            self.take()
            self.take()
            self.skip_nl()
            named[tok[1]] = self.value()
        else:
            positional.append(self.value())

    def value(self):
        tok = self.take()
        if tok[0] in ("str", "num"):
            return tok[1]
        if tok[0] == "name":
            if tok[1] in ("true", "false"):
                return tok[1] == "true"
            if tok[1] == "null":
                return None
            if self.peek()[0] == "punct" and self.peek()[1] == "(":
                self.take()
                positional, named = self.arguments(")")
                return Call(tok[1], positional, named, None, tok[2])
            return Call(tok[1], [], {}, None, tok[2])
        if tok[0] == "punct" and tok[1] == "[":
            items, named = self.arguments("]")
            if named:
                raise PipelineError(f"WorkflowScript: {tok[2]}: maps are not supported by the jenkins TEST DOUBLE")
            return items
        raise PipelineError(f"WorkflowScript: {tok[2]}: unexpected token '{tok[1]}'")


def parse(text):
    parser = Parser(tokenize(text))
    items = []
    while True:
        parser.skip_nl()
        if parser.peek()[0] == "eof":
            break
        items.append(parser.statement())
    pipelines = [c for c in items if isinstance(c, Call) and c.name == "pipeline"]
    if len(pipelines) != 1 or len(items) != 1 or pipelines[0].body is None:
        raise PipelineError("WorkflowScript: 1: the jenkins TEST DOUBLE runs declarative pipelines only: "
                            "one top-level pipeline { } block and nothing else")
    return Pipeline(pipelines[0])


def sections(call, allowed):
    found = {}
    for item in call.body or []:
        name = item.name
        if name not in allowed:
            raise PipelineError(f"WorkflowScript: {item.line}: {name} is not supported in {call.name} "
                                "by the jenkins TEST DOUBLE")
        if name in found and name != "stage":
            raise PipelineError(f"WorkflowScript: {item.line}: Multiple occurrences of the {name} section")
        found.setdefault(name, []).append(item)
    return found


class Stage:
    def __init__(self, call):
        if len(call.positional) != 1 or not isinstance(call.positional[0], str):
            raise PipelineError(f"WorkflowScript: {call.line}: stage needs a name: stage('Name')")
        self.name = call.positional[0]
        parts = sections(call, {"steps", "when", "post", "environment"})
        if "steps" not in parts:
            raise PipelineError(f"WorkflowScript: {call.line}: Stage \"{self.name}\" has no steps")
        self.steps = parts["steps"][0].body or []
        self.when = parts.get("when", [None])[0]
        self.post = parts.get("post", [None])[0]
        self.environment = parts.get("environment", [None])[0]


class Pipeline:
    def __init__(self, call):
        parts = sections(call, {"agent", "options", "stages", "post", "environment"})
        agent = parts.get("agent")
        if not agent:
            raise PipelineError(f"WorkflowScript: {call.line}: Missing required section \"agent\"")
        kind = agent[0].positional[0].name if agent[0].positional and isinstance(agent[0].positional[0], Call) else None
        if kind != "any":
            raise PipelineError(f"WorkflowScript: {agent[0].line}: the jenkins TEST DOUBLE supports agent any only")
        if "stages" not in parts:
            raise PipelineError(f"WorkflowScript: {call.line}: Missing required section \"stages\"")
        self.options = []
        for option in (parts.get("options", [Call("options", [], {}, [], 0)])[0].body or []):
            if option.name != "disableConcurrentBuilds":
                raise PipelineError(f"WorkflowScript: {option.line}: option {option.name} is not supported by the jenkins TEST DOUBLE")
            self.options.append(option.name)
        self.stages = [Stage(s) for s in (parts["stages"][0].body or []) if self._is_stage(s)]
        if not self.stages:
            raise PipelineError(f"WorkflowScript: {call.line}: No stages specified")
        self.post = parts.get("post", [None])[0]
        self.environment = parts.get("environment", [None])[0]

    @staticmethod
    def _is_stage(item):
        if item.name != "stage":
            raise PipelineError(f"WorkflowScript: {item.line}: Expected a stage, found {item.name}")
        return True

    @property
    def disable_concurrent_builds(self):
        return "disableConcurrentBuilds" in self.options


# --- running --------------------------------------------------------------------------------------------------

def ant_match(pattern, path):
    """Ant-style pattern (as Jenkins' FilePath.list): ** spans directories, * and ? stay within one."""
    regex, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex += "(?:.*/)?"
            i += 3
        elif pattern.startswith("**", i):
            regex += ".*"
            i += 2
        elif pattern[i] == "*":
            regex += "[^/]*"
            i += 1
        elif pattern[i] == "?":
            regex += "[^/]"
            i += 1
        else:
            regex += re.escape(pattern[i])
            i += 1
    return re.fullmatch(regex, path) is not None


def find_files(root, patterns, excludes=""):
    wanted = [p.strip() for p in patterns.split(",") if p.strip()]
    unwanted = [p.strip() for p in (excludes or "").split(",") if p.strip()]
    found = []
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            rel = os.path.relpath(os.path.join(directory, name), root)
            if any(ant_match(p, rel) for p in wanted) and not any(ant_match(p, rel) for p in unwanted):
                found.append(rel)
    return found


def macro(text, env):
    """hudson.Util.replaceMacro: $NAME and ${NAME} from the environment; unknown names stay as they are."""
    def replace(m):
        name = m.group(1) or m.group(2)
        return env.get(name, m.group(0))
    return re.sub(r"\$\{([A-Za-z0-9_.]+)\}|\$([A-Za-z0-9_]+)", replace, text)


def parse_junit(path):
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
    out = []
    for suite in suites:
        cases = []
        for case in suite.iter("testcase"):
            status, details = "PASSED", None
            for kind, label in (("failure", "FAILED"), ("error", "FAILED"), ("skipped", "SKIPPED")):
                found = case.find(kind)
                if found is not None:
                    status, details = label, found.get("message") or (found.text or "").strip()
                    break
            cases.append({"className": case.get("classname", ""), "name": case.get("name", ""),
                          "duration": float(case.get("time", "0") or 0), "status": status,
                          "errorDetails": details if status == "FAILED" else None,
                          "skipped": status == "SKIPPED"})
        out.append({"name": suite.get("name", ""), "duration": float(suite.get("time", "0") or 0),
                    "cases": cases})
    return out


DC_SEVERITIES = ("critical", "high", "medium", "low", "info", "unassigned")


def parse_dependency_check_xml(path):
    """Counts of an OWASP Dependency-Check XML report's vulnerabilities by severity (as the plugin's publisher)."""
    counts = dict.fromkeys(DC_SEVERITIES, 0)
    root = ET.parse(path).getroot()
    if not root.tag.endswith("analysis"):
        raise ValueError("not a Dependency-Check report")
    for element in root.iter():
        if element.tag.endswith("}vulnerability") or element.tag == "vulnerability":
            severity = None
            for child in element:
                if child.tag.endswith("severity"):
                    severity = (child.text or "").strip().lower()
            key = {"moderate": "medium"}.get(severity, severity)
            counts[key if key in counts else "unassigned"] += 1
    return counts


class Runner:
    """Runs a parsed pipeline in a build (see double_items.Build for what `build` provides)."""

    def __init__(self, pipeline, build):
        self.pipeline, self.build = pipeline, build
        self.masks = []

    def log(self, text):
        for secret in self.masks:
            if secret:
                text = text.replace(secret, "****")
        self.build.log(text)

    def run(self):
        env = dict(self.build.environment())
        env.update(self.environment(self.pipeline.environment, env))
        failed = False
        for stage in self.pipeline.stages:
            self.log("[Pipeline] stage")
            self.log(f"[Pipeline] {{ ({stage.name})")
            if failed or self.build.result in ("FAILURE", "ABORTED"):
                self.log(f"Stage \"{stage.name}\" skipped due to earlier failure(s)")
                self.build.stage(stage.name, "SKIPPED")
                self.log("[Pipeline] }")
                continue
            if stage.when is not None and not self.when(stage.when, env):
                self.log(f"Stage \"{stage.name}\" skipped due to when conditional")
                self.build.stage(stage.name, "SKIPPED")
                self.log("[Pipeline] }")
                continue
            stage_env = dict(env)
            stage_env.update(self.environment(stage.environment, stage_env))
            status = "SUCCESS"
            try:
                self.steps(stage.steps, stage_env)
            except StepFailure as failure:
                self.log(f"ERROR: {failure}")
                self.build.set_result("FAILURE")
                status, failed = "FAILURE", True
            self.post(stage.post, stage_env, status)
            if status == "SUCCESS" and self.build.result != "SUCCESS":
                status = self.build.result
            self.build.stage(stage.name, status)
            self.log("[Pipeline] }")
            self.log("[Pipeline] // stage")
        self.post(self.pipeline.post, env, "FAILURE" if failed else self.build.result)

    def environment(self, section, env):
        values = {}
        for item in (section.body if section else []) or []:
            if not isinstance(item, Assign) or not isinstance(item.value, str):
                raise StepFailure(f"environment: only NAME = 'text' is supported by the jenkins TEST DOUBLE (line {item.line})")
            values[item.name] = macro(item.value, {**env, **values})
        return values

    def when(self, section, env):
        for condition in section.body or []:
            if condition.name == "branch":
                pattern = condition.positional[0] if condition.positional else condition.named.get("pattern")
                if not fnmatch.fnmatchcase(env.get("BRANCH_NAME", ""), pattern or ""):
                    return False
            else:
                raise StepFailure(f"when {condition.name} is not supported by the jenkins TEST DOUBLE (line {condition.line})")
        return True

    def post(self, section, env, status):
        if section is None:
            return
        result = worse(self.build.result, status) if status in RESULTS else self.build.result
        applies = {
            "always": True,
            "success": result == "SUCCESS",
            "unstable": result == "UNSTABLE",
            "failure": result == "FAILURE",
            "aborted": result == "ABORTED",
            "cleanup": True,
        }
        ordered = sorted(section.body or [], key=lambda c: c.name == "cleanup")
        for condition in ordered:
            if condition.name not in applies:
                raise StepFailure(f"post condition {condition.name} is not supported by the jenkins TEST DOUBLE")
            if not applies[condition.name]:
                continue
            self.log("[Pipeline] { (Declarative: Post Actions)" if section is self.pipeline.post else "Post stage")
            try:
                self.steps(condition.body or [], env)
            except StepFailure as failure:
                self.log(f"ERROR: {failure}")
                self.build.set_result("FAILURE")

    def steps(self, steps, env):
        for step in steps:
            handler = None if isinstance(step, Assign) else getattr(self, "step_" + step.name, None)
            if handler is None:
                raise StepFailure(f"No such DSL method '{step.name}' in the jenkins TEST DOUBLE (line {step.line})")
            self.log(f"[Pipeline] {step.name}")
            handler(step, env)

    @staticmethod
    def arg(step, name, position=0, required=True, default=None):
        if name in step.named:
            return step.named[name]
        if len(step.positional) > position:
            return step.positional[position]
        if required:
            raise StepFailure(f"{step.name}: missing required parameter {name}")
        return default

    # - steps -

    def step_echo(self, step, env):
        self.log(str(self.arg(step, "message")))

    def step_sh(self, step, env):
        script = self.arg(step, "script")
        if not isinstance(script, str):
            raise StepFailure("sh: script must be a string")
        code = self.shell(script, env)
        if code != 0:
            raise StepFailure(f"script returned exit code {code}")

    def shell(self, script, env, argv_extra=None):
        tmp = self.build.workspace + "@tmp"
        os.makedirs(tmp, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=tmp, prefix="durable-", suffix=".sh", delete=False) as handle:
            handle.write(script)
            path = handle.name
        os.chmod(path, 0o700)
        try:
            command = [path] if script.startswith("#!") else ["sh", "-xe", path]
            process = subprocess.Popen(command, cwd=self.build.workspace, env=env, stdout=subprocess.PIPE,
                                       stderr=subprocess.STDOUT, start_new_session=True)
            self.build.track(process)
            for raw in process.stdout:
                self.log(raw.decode("utf-8", "replace").rstrip("\n"))
            return process.wait()
        finally:
            os.unlink(path)

    def step_junit(self, step, env):
        pattern = self.arg(step, "testResults")
        allow_empty = bool(step.named.get("allowEmptyResults", False))
        files = find_files(self.build.workspace, pattern)
        fresh = [f for f in files if os.path.getmtime(os.path.join(self.build.workspace, f)) >= self.build.started - 3]
        if not files or not fresh:
            message = ("No test report files were found. Configuration error?" if not files else
                       f"Test reports were found but none of them are new. Did leafNodes run? Files: {', '.join(files)}")
            if allow_empty:
                self.log(message)
                return
            raise StepFailure(message)
        self.log(f"Recording test results")
        suites = []
        for name in fresh:
            try:
                suites += parse_junit(os.path.join(self.build.workspace, name))
            except ET.ParseError as error:
                raise StepFailure(f"Failed to read test report file {name}: {error}") from error
        failed = self.build.add_tests(suites)
        if failed:
            self.build.set_result("UNSTABLE")
            self.log(f"[Checks API] No suitable checks publisher found.\n{failed} test(s) failed: build UNSTABLE")

    def step_withCredentials(self, step, env):
        bindings = self.arg(step, "bindings")
        inner = dict(env)
        added = []
        for binding in bindings:
            if not isinstance(binding, Call):
                raise StepFailure("withCredentials: bindings must be string(...) or usernamePassword(...)")
            credential_id = binding.named.get("credentialsId")
            credential = self.build.credential(credential_id)
            if credential is None:
                raise StepFailure(f"Could not find credentials entry with ID '{credential_id}'")
            if binding.name == "string":
                if credential["kind"] != "string":
                    raise StepFailure(f"Credentials '{credential_id}' is of type '{credential['typeName']}' "
                                      "where 'org.jenkinsci.plugins.plaincredentials.StringCredentials' was expected")
                inner[binding.named["variable"]] = credential["secret"]
                added.append(credential["secret"])
            elif binding.name == "usernamePassword":
                if credential["kind"] != "usernamePassword":
                    raise StepFailure(f"Credentials '{credential_id}' is of type '{credential['typeName']}' "
                                      "where 'com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials' was expected")
                inner[binding.named["usernameVariable"]] = credential["username"]
                inner[binding.named["passwordVariable"]] = credential["password"]
                added.append(credential["password"])
            else:
                raise StepFailure(f"withCredentials: binding {binding.name} is not supported by the jenkins TEST DOUBLE")
        self.masks += added
        self.log("Masking supported pattern matches of " + ", ".join(
            "$" + (b.named.get("variable") or b.named.get("passwordVariable")) for b in bindings))
        self.steps(step.body or [], inner)

    def step_dependencyCheck(self, step, env):
        name = step.named.get("odcInstallation")
        if not name:
            raise StepFailure("A Dependency-Check installation was not specified. Please configure the build and "
                              "specify a Dependency-Check installation to use.")
        installation = self.build.tool("dependency-check", name)
        if installation is None:
            raise StepFailure(f"No installation {name} found. Please define one in manager Jenkins.")
        executable = os.path.join(installation, "bin", "dependency-check.sh")
        if not os.access(executable, os.X_OK):
            raise StepFailure(f"Couldn\u2019t find any executable in \"{installation}\"")
        additional = step.named.get("additionalArguments") or ""
        argv = [executable]
        if "--project" not in additional:
            argv += ["--project", self.build.full_display_name]
        if "--scan" not in additional and "-s " not in additional:
            argv += ["--scan", self.build.workspace]
        if "--format" not in additional and "-f " not in additional:
            argv += ["--format", "XML"]
        argv += [macro(token, env) for token in shlex.split(additional)]
        secret = None
        if step.named.get("nvdCredentialsId"):
            credential = self.build.credential(step.named["nvdCredentialsId"])
            if credential is None or credential["kind"] != "string":
                raise StepFailure("Current credentials does not exists")
            secret = credential["secret"]
            argv += ["--nvdApiKey", secret]
            self.masks.append(secret)
        process = subprocess.Popen(argv, cwd=self.build.workspace, env=env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        self.build.track(process)
        for raw in process.stdout:
            self.log(raw.decode("utf-8", "replace").rstrip("\n"))
        code = process.wait()
        if code not in (0, 14, 15):
            self.build.set_result("FAILURE")
            if step.named.get("stopBuild"):
                raise StepFailure("Dependency-Check scan failed.")
            self.log(f"ERROR: Mark build as failed because of exit code {code}")

    def step_dependencyCheckPublisher(self, step, env):
        pattern = step.named.get("pattern") or "**/dependency-check-report.xml"
        self.log("Collecting Dependency-Check artifact")
        files = find_files(self.build.workspace, pattern)
        counts = dict.fromkeys(DC_SEVERITIES, 0)
        if not files:
            self.log("Unable to find Dependency-Check reports to parse")
            self.build.set_dependency_check(counts)
            if not step.named.get("skipNoReportFiles"):
                self.log("Findings exceed configured thresholds")
                self.build.set_result("UNSTABLE")
            return
        for name in files:
            path = os.path.join(self.build.workspace, name)
            self.log(f"Parsing file {path}")
            try:
                for key, value in parse_dependency_check_xml(path).items():
                    counts[key] += value
            except (ET.ParseError, ValueError):
                self.log(f"ERROR: Unable to parse {path}")
        self.build.set_dependency_check(counts)

    def step_archiveArtifacts(self, step, env):
        pattern = self.arg(step, "artifacts")
        files = find_files(self.build.workspace, pattern, step.named.get("excludes", ""))
        if not files:
            if step.named.get("allowEmptyArchive"):
                self.log(f"No artifacts found that match the file pattern \"{pattern}\". Configuration error?")
                return
            raise StepFailure(f"No artifacts found that match the file pattern \"{pattern}\". Configuration error?")
        self.log("Archiving artifacts")
        self.build.archive(files)
