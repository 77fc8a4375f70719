#!/usr/bin/python3
"""TEST DOUBLE of the Jenkins controller, for the workload testbed only.

This is not Jenkins. It answers the HTTP requests a deployment tool makes to install, unlock and configure
Jenkins and to run the workload's pipeline, as Jenkins documents them (README.md beside build.sh lists every
endpoint and what is not emulated):

  GET  /login, /, /whoAmI/api/json, /api/json, /pluginManager/api/json, /crumbIssuer/api/json
  POST /me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken
  POST /createItem?name=NAME (config.xml), GET|POST /job/NAME/config.xml, POST /job/NAME/build (branch indexing),
       GET /job/NAME/api/json, /job/NAME/indexing/{api/json,consoleText},
       GET /job/NAME/job/BRANCH/api/json, POST /job/NAME/job/BRANCH/build,
       GET /job/NAME/job/BRANCH/{N|lastBuild|lastCompletedBuild|...}/{api/json,consoleText,testReport/api/json,artifact/PATH}
  GET|POST|DELETE /credentials/store/system/domain/_/{api/json,createCredentials,credential/ID/{api/json,config.xml}}

Authentication is HTTP basic with a password or an API token; a POST authenticated by password needs the crumb
of its web session (GET /crumbIssuer/api/json, then the JSESSIONID cookie and the Jenkins-Crumb header), one
authenticated by API token needs none. Builds run the Jenkinsfile's declarative subset for real (see
double_pipeline.py): sh steps run as this service's user in the branch's workspace.

Users come from a stand-in for init.groovy.d: a script in $JENKINS_HOME/init.groovy.d that reads a password
from the systemd credential directory (System.getenv("CREDENTIALS_DIRECTORY"), new File(credentials, "NAME"))
and calls realm.createAccount("ID", password) makes user ID with that password, as Jenkins running the script
would. The double does not run Groovy: it only recognises these three calls, and logs (as Jenkins does) when
the script would fail.

Users come from a Configuration-as-Code stand-in too: CASC_JENKINS_CONFIG (a YAML file or a directory of them),
key jenkins.securityRealm.local.users[].{id,password}; ${name} in a value is resolved like JCasC does:
environment variable first, then the file $SECRETS/name (default /run/secrets), trimmed.
"""

import base64
import hashlib
import hmac
import html
import http.cookies
import json
import os
import re
import secrets
import shutil
import signal
import socket
import sys
import threading
import time
import uuid
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import double_items  # noqa: E402  (beside this file)

VERSION = "@VERSION@"  # set when the package is built
SETUP_WIZARD_OFF = "-Djenkins.install.runSetupWizard=false"


def log(message):
    print(f"jenkins (test double): {message}", file=sys.stderr, flush=True)


class StartupError(Exception):
    """Jenkins refuses to start (bad configuration)."""


# --- Configuration as Code stand-in ---------------------------------------

def resolve_secret(name, secrets_dir):
    if name in os.environ:
        return os.environ[name]
    path = os.path.join(secrets_dir, name)
    if os.path.isfile(path):
        with open(path, encoding="utf-8") as f:
            return f.read().strip()
    return None


def interpolate(value, secrets_dir):
    """Replace ${name} and ${name:-default}; ^${ escapes, as in JCasC."""
    if not isinstance(value, str):
        return value
    out, i = [], 0
    while i < len(value):
        if value.startswith("^${", i):
            out.append("${")
            i += 3
            continue
        if value.startswith("${", i):
            end = value.find("}", i + 2)
            if end < 0:
                out.append(value[i:])
                break
            expr = value[i + 2:end]
            name, _, default = expr.partition(":-")
            resolved = resolve_secret(name, secrets_dir)
            if resolved is None:
                if ":-" in expr:
                    resolved = default
                else:
                    log(f"Configuration import: Found unresolved variable '{name}'. "
                        "Will default to empty string")
                    resolved = ""
            out.append(resolved)
            i = end + 1
            continue
        out.append(value[i])
        i += 1
    return "".join(out)


def casc_files(location):
    if os.path.isdir(location):
        names = sorted(n for n in os.listdir(location) if n.endswith((".yaml", ".yml")))
        return [os.path.join(location, n) for n in names]
    if os.path.isfile(location):
        return [location]
    raise StartupError(f"CASC_JENKINS_CONFIG points to {location}, which does not exist")


def load_casc_users(location, secrets_dir):
    users = {}
    for path in casc_files(location):
        try:
            with open(path, encoding="utf-8") as f:
                doc = yaml.safe_load(f) or {}
        except (OSError, yaml.YAMLError) as e:
            raise StartupError(f"cannot read Configuration as Code file {path}: {e}") from e
        if not isinstance(doc, dict):
            raise StartupError(f"{path}: top level must be a mapping")
        realm = ((doc.get("jenkins") or {}).get("securityRealm") or {})
        local = realm.get("local") if isinstance(realm, dict) else None
        for entry in (local or {}).get("users") or []:
            if not isinstance(entry, dict) or "id" not in entry:
                raise StartupError(f"{path}: every securityRealm.local.users entry needs an id")
            user_id = str(interpolate(entry["id"], secrets_dir))
            users[user_id] = str(interpolate(entry.get("password", ""), secrets_dir))
        log(f"Configuration as Code: applied {path}")
    return users


# --- state read at startup ------------------------------------------------

def load_init_script_users(home, credentials_dir):
    """The users init.groovy.d scripts of the recognised shape would create (see the module docstring)."""
    import re
    users = {}
    directory = os.path.join(home, "init.groovy.d")
    if not os.path.isdir(directory):
        return users
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".groovy"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as handle:
            text = handle.read()
        account = re.search(r'createAccount\("([^"]+)"', text)
        credential = re.search(r'new File\(credentials, "([^"]+)"\)', text)
        if not account or not credential or 'getenv("CREDENTIALS_DIRECTORY")' not in text:
            continue
        if not credentials_dir:
            log(f"init script {name} failed: no systemd credentials (CREDENTIALS_DIRECTORY unset)")
            continue
        try:
            with open(os.path.join(credentials_dir, credential.group(1)), encoding="utf-8") as handle:
                users[account.group(1)] = handle.read().strip()
        except OSError as error:
            log(f"init script {name} failed: {error}")
    return users


def first_start(home):
    """Write secrets/initialAdminPassword and config.xml the first time."""
    secrets_dir = os.path.join(home, "secrets")
    password_file = os.path.join(secrets_dir, "initialAdminPassword")
    os.makedirs(secrets_dir, mode=0o750, exist_ok=True)
    if not os.path.exists(password_file):
        fd = os.open(password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o640)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(secrets.token_hex(16) + "\n")
        os.chmod(password_file, 0o640)
        log(f"Jenkins initial setup is required. Password written to {password_file}")
    config = os.path.join(home, "config.xml")
    if not os.path.exists(config):
        with open(config, "w", encoding="utf-8") as f:
            f.write("<?xml version='1.1' encoding='UTF-8'?>\n<hudson>\n"
                    "  <!-- written by the jenkins TEST DOUBLE -->\n</hudson>\n")
    with open(password_file, encoding="utf-8") as f:
        return f.read().strip()


def read_manifest(path):
    try:
        with zipfile.ZipFile(path) as z:
            text = z.read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return {}
    fields, last = {}, None
    for line in text.splitlines():
        if line.startswith(" ") and last:
            fields[last] += line[1:]
        elif ":" in line:
            last, _, value = line.partition(":")
            fields[last] = value.strip()
    return fields


def scan_plugins(home):
    plugin_dir = os.path.join(home, "plugins")
    plugins = []
    if not os.path.isdir(plugin_dir):
        return plugins
    for name in sorted(os.listdir(plugin_dir)):
        stem, ext = os.path.splitext(name)
        if ext not in (".jpi", ".hpi"):
            continue
        manifest = read_manifest(os.path.join(plugin_dir, name))
        plugins.append({
            "active": True,
            "enabled": True,
            "hasUpdate": False,
            "shortName": stem,
            "longName": manifest.get("Long-Name", stem),
            "version": manifest.get("Plugin-Version"),
            "bundled": False,
            "deleted": False,
            "pinned": False,
        })
    return plugins


class Controller:
    def __init__(self, env):
        self.version = VERSION
        self.home = env.get("JENKINS_HOME", "/var/lib/jenkins")
        self.port = int(env.get("JENKINS_PORT", "8080"))
        self.url = f"http://127.0.0.1:{self.port}/"
        self.tmp = os.path.join(self.home, "tmp")
        os.makedirs(self.tmp, exist_ok=True)
        self.wizard = SETUP_WIZARD_OFF not in env.get("JAVA_OPTS", "")
        initial_password = first_start(self.home)
        self.users = {}
        casc = env.get("CASC_JENKINS_CONFIG")
        if casc:
            self.users = load_casc_users(casc, env.get("SECRETS", "/run/secrets"))
        self.users.update(load_init_script_users(self.home, env.get("CREDENTIALS_DIRECTORY")))
        if self.wizard:
            # While the setup wizard runs, "admin" signs in with the initial password.
            self.users = {"admin": initial_password}
        self.plugins = scan_plugins(self.home)
        self.plugin_names = {p["shortName"] for p in self.plugins}
        self.plugin_versions = {p["shortName"]: p["version"] or "1.0" for p in self.plugins}
        self.sessions = {}
        self.lock = threading.Lock()
        self.credentials = double_items.CredentialsStore(self) if "credentials" in self.plugin_names else None
        self.tools = double_items.Tools(self)
        self.items = double_items.load_items(self)
        self.scheduler = double_items.Scheduler(self)
        log(f"{len(self.users)} user(s), {len(self.plugins)} plugin(s), {len(self.items)} item(s), "
            f"setup wizard {'on' if self.wizard else 'off'}")

    def authenticate(self, header):
        """Return (user id or None, login offered or None, True when the login was an API token)."""
        if not header or not header.startswith("Basic "):
            return None, None, False
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None, "", False
        login, sep, password = decoded.partition(":")
        expected = self.users.get(login)
        if sep and expected is not None and hmac.compare_digest(
                expected.encode("utf-8"), password.encode("utf-8")):
            return login, login, False
        if sep and login in self.users and self.token_matches(login, password):
            return login, login, True
        return None, login, False

    # API tokens: jenkins.security.ApiTokenProperty, kept as SHA-256 hashes like Jenkins' token store.
    def token_file(self, user):
        return os.path.join(self.home, "users", user, "api-tokens.json")

    def tokens(self, user):
        path = self.token_file(user)
        if not os.path.isfile(path):
            return []
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    def token_matches(self, user, token):
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        return any(hmac.compare_digest(t["hash"], digest) for t in self.tokens(user))

    def generate_token(self, user, name):
        value = "11" + secrets.token_hex(16)
        token = {"name": name or "Token created on " + time.strftime("%Y-%m-%dT%H:%M:%S"),
                 "uuid": str(uuid.uuid4()), "hash": hashlib.sha256(value.encode("utf-8")).hexdigest()}
        double_items.write_atomically(self.token_file(user), json.dumps(self.tokens(user) + [token]), 0o600)
        return {"tokenName": token["name"], "tokenUuid": token["uuid"], "tokenValue": value}

    # Crumbs (hudson.security.csrf.DefaultCrumbIssuer): bound to the web session since Jenkins 2.176.2.
    def session(self, cookie_header, user, create):
        cookies = http.cookies.SimpleCookie(cookie_header or "")
        with self.lock:
            for key, morsel in cookies.items():
                if key.startswith("JSESSIONID.") and morsel.value in self.sessions:
                    return morsel.value, False
            if not create:
                return None, False
            session_id = secrets.token_urlsafe(18)
            self.sessions[session_id] = {"user": user, "crumb": secrets.token_hex(32)}
            return session_id, True

    def crumb_valid(self, cookie_header, offered):
        session_id, _ = self.session(cookie_header, None, create=False)
        expected = self.sessions.get(session_id, {}).get("crumb") if session_id else None
        return expected is not None and offered is not None and hmac.compare_digest(expected, offered)


def page(title, body):
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head>"
            f"<body><!-- jenkins TEST DOUBLE -->{body}</body></html>\n")


SESSION_COOKIE = "JSESSIONID.double01"
JOB_PATH = re.compile(r"^/job/([^/]+)(?:/job/([^/]+))?(/.*)?$")
CREDENTIAL_DOMAIN = "/credentials/store/system/domain/_"


class Handler(BaseHTTPRequestHandler):
    server_version = "Jetty(12.0.x)"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    controller = None  # set in main()

    def log_message(self, fmt, *args):
        log(f"{self.address_string()} {fmt % args}")

    def send(self, status, body, content_type="text/html;charset=utf-8", extra=None):
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Jenkins", self.controller.version)
        self.send_header("X-Hudson", "1.395")
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def send_json(self, status, obj, extra=None):
        self.send(status, json.dumps(obj, separators=(",", ":")), "application/json;charset=utf-8", extra)

    def send_xml(self, status, text):
        self.send(status, text, "application/xml;charset=utf-8")

    def not_found(self):
        self.send(404, page("Error 404 Not Found", "<p>Not Found</p>"))

    def base(self):
        return f"http://{self.headers.get('Host') or '127.0.0.1:%d' % self.controller.port}/"

    def body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_DELETE(self):
        self.dispatch("DELETE")

    def dispatch(self, method):
        c = self.controller
        split = urlsplit(self.path)
        path = unquote_path(split.path.rstrip("/") or "/")
        query = parse_qs(split.query)
        user, offered, by_token = c.authenticate(self.headers.get("Authorization"))
        if offered is not None and user is None:
            self.body()
            self.send(401, page("Error 401 Unauthorized",
                                f"<p>Invalid password/token for user: {html.escape(offered)}</p>"),
                      extra={"WWW-Authenticate": 'Basic realm="Jenkins"'})
            return
        payload = self.body() if method in ("POST", "DELETE") else b""
        if method in ("POST", "DELETE") and not by_token:
            # The crumb filter runs before anything else; an API token needs none.
            form = parse_qs(payload.decode("utf-8", "replace")) if (self.headers.get("Content-Type") or "").startswith(
                "application/x-www-form-urlencoded") else {}
            crumb = self.headers.get("Jenkins-Crumb") or (form.get("Jenkins-Crumb") or [None])[0]
            if not c.crumb_valid(self.headers.get("Cookie"), crumb):
                self.send(403, page("Error 403 No valid crumb was included in the request",
                                    "<p>No valid crumb was included in the request</p>"))
                return
        try:
            if not self.route(method, path, query, user, payload):
                self.not_found()
        except double_items.HttpError as error:
            if error.status == 404:
                self.not_found()
            else:
                self.send(error.status, page(f"Error {error.status}", f"<p>{html.escape(str(error))}</p>"))

    def route(self, method, path, query, user, payload):
        c = self.controller
        if method == "GET" and path == "/login":
            self.send(200, page("Sign in [Jenkins]",
                                "<h1>Sign in to Jenkins</h1><form method='post' "
                                "action='j_spring_security_check'></form>"))
            return True
        if method == "GET" and path == "/whoAmI/api/json":
            if user is None:
                self.send_json(401, {"message": "Authentication required"})
            else:
                self.send_json(200, {"_class": "hudson.security.WhoAmI", "anonymous": False,
                                     "authenticated": True, "authorities": ["authenticated"],
                                     "name": user})
            return True
        if user is None:
            if c.wizard:
                self.send(403, page("Unlock Jenkins",
                                    "<h1>Unlock Jenkins</h1><p>To ensure Jenkins is securely "
                                    "set up by the administrator, a password has been written "
                                    f"to {html.escape(c.home)}/secrets/initialAdminPassword</p>"))
            else:
                self.send(403, page("Authentication required",
                                    "<h1>Authentication required</h1>"
                                    "<meta http-equiv='refresh' content='1;url=/login'>"))
            return True
        if method == "GET":
            return self.get(path, query, user)
        return self.change(method, path, query, user, payload)

    def get(self, path, query, user):
        c = self.controller
        base = self.base()
        if path == "/":
            title = "Setup Wizard [Jenkins]" if c.wizard else "Dashboard [Jenkins]"
            self.send(200, page(title, f"<h1>{html.escape(title)}</h1>"))
        elif path == "/pluginManager/api/json":
            self.send_json(200, {"_class": "hudson.LocalPluginManager", "plugins": c.plugins})
        elif path == "/api/json":
            self.send_json(200, {"_class": "hudson.model.Hudson", "mode": "NORMAL",
                                 "nodeDescription": "the Jenkins controller's built-in node",
                                 "numExecutors": 2, "useSecurity": True,
                                 "jobs": [{"_class": double_items.MULTIBRANCH, "name": name,
                                           "url": f"{base}{p.url_path}"} for name, p in sorted(c.items.items())]})
        elif path == "/crumbIssuer/api/json":
            session_id, created = c.session(self.headers.get("Cookie"), user, create=True)
            extra = {"Set-Cookie": f"{SESSION_COOKIE}={session_id}; Path=/; HttpOnly"} if created else None
            self.send_json(200, {"_class": "hudson.security.csrf.DefaultCrumbIssuer",
                                 "crumb": c.sessions[session_id]["crumb"], "crumbRequestField": "Jenkins-Crumb"}, extra)
        elif path.startswith("/credentials"):
            return self.get_credentials(path)
        elif path.startswith("/job/"):
            return self.get_job(path, base)
        else:
            return False
        return True

    def get_credentials(self, path):
        store = self.controller.credentials
        if store is None:
            return False  # no credentials plugin: no credentials action
        if path == CREDENTIAL_DOMAIN + "/api/json":
            self.send_json(200, {"_class": "com.cloudbees.plugins.credentials.CredentialsStoreAction$DomainWrapper",
                                 "credentials": [{"id": i["id"]} for i in store.items],
                                 "description": "Credentials that should be available irrespective of domain "
                                                "specification to requirements matching.",
                                 "displayName": "Global credentials (unrestricted)", "fullName": "system/_",
                                 "global": True, "urlName": "_"})
            return True
        match = re.fullmatch(re.escape(CREDENTIAL_DOMAIN) + r"/credential/([^/]+)/(api/json|config\.xml)", path)
        if not match:
            return False
        item = store.lookup(match.group(1))
        if item is None:
            return False
        if match.group(2) == "api/json":
            self.send_json(200, store.api(item))
        else:
            self.send_xml(200, store.redacted_xml(item))
        return True

    def find_job(self, path):
        match = JOB_PATH.match(path)
        if not match:
            return None, None, None
        project = self.controller.items.get(match.group(1))
        if project is None:
            raise double_items.HttpError(404, "Not Found")
        job = None
        if match.group(2) is not None:
            job = project.branches.get(match.group(2).replace("%2F", "/"))
            if job is None:
                raise double_items.HttpError(404, "Not Found")
        return project, job, match.group(3) or "/"

    def get_job(self, path, base):
        project, job, rest = self.find_job(path)
        if project is None:
            return False
        if job is None:
            if rest == "/api/json":
                self.send_json(200, project.api(base))
            elif rest == "/config.xml":
                self.send_xml(200, project.config_xml())
            elif rest == "/indexing/api/json":
                self.send_json(200, {"_class": "jenkins.branch.MultiBranchProject$BranchIndexing",
                                     "building": project.indexing["building"], "result": project.indexing["result"],
                                     "timestamp": project.indexing["timestamp"]})
            elif rest in ("/indexing/consoleText", "/indexing/console"):
                text = project.indexing_log()
                if text is None:
                    return False
                self.send(200, text, "text/plain;charset=utf-8")
            else:
                return False
            return True
        if rest == "/api/json":
            self.send_json(200, job.api(base))
            return True
        match = re.fullmatch(r"/(\d+|lastBuild|lastCompletedBuild|lastSuccessfulBuild|lastFailedBuild|lastUnsuccessfulBuild)(/.*)?", rest)
        if not match:
            return False
        build = job.builds.get(int(match.group(1))) if match.group(1).isdigit() else job.permalink(match.group(1))
        if build is None:
            return False
        tail = match.group(2) or "/"
        if tail == "/api/json":
            self.send_json(200, build.api(base))
        elif tail == "/consoleText":
            self.send(200, build.console(), "text/plain;charset=utf-8")
        elif tail == "/testReport/api/json":
            if build.record["tests"] is None:
                return False
            self.send_json(200, build.test_report())
        elif tail.startswith("/artifact/"):
            rel = tail[len("/artifact/"):]
            if rel not in {a["relativePath"] for a in build.record["artifacts"]}:
                return False
            with open(os.path.join(build.dir, "archive", rel), "rb") as handle:
                self.send(200, handle.read(), "application/octet-stream")
        else:
            return False
        return True

    def change(self, method, path, query, user, payload):
        c = self.controller
        if method == "POST" and path in ("/me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken",
                                          f"/user/{user}/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken"):
            form = parse_qs(payload.decode("utf-8", "replace"))
            data = c.generate_token(user, (form.get("newTokenName") or [""])[0])
            self.send_json(200, {"status": "ok", "data": data})
            return True
        if method == "POST" and path == "/createItem":
            if not (self.headers.get("Content-Type") or "").startswith(("application/xml", "text/xml")):
                raise double_items.HttpError(400, "the jenkins TEST DOUBLE creates items from config.xml only "
                                                  "(Content-Type: application/xml)")
            double_items.create_item(c, (query.get("name") or [None])[0], payload)
            self.send(200, "")
            return True
        if path.startswith("/credentials"):
            return self.change_credentials(method, path, payload)
        project, job, rest = self.find_job(path)
        if project is None:
            return False
        if method == "POST" and job is None and rest == "/config.xml":
            double_items.update_item(c, project, payload)
            self.send(200, "")
        elif method == "POST" and job is None and rest in ("/build", "/build/"):
            c.scheduler.index(project, f"Started by user {user}")
            self.send(302, "", extra={"Location": f"{self.base()}{project.url_path}"})
        elif method == "POST" and job is not None and rest in ("/build", "/build/"):
            c.scheduler.build(job, f"Started by user {user}")
            self.send(201, "", extra={"Location": f"{self.base()}queue/item/1/"})
        elif method == "POST" and job is None and rest == "/doDelete":
            shutil.rmtree(project.dir, ignore_errors=True)
            del c.items[project.name]
            self.send(302, "", extra={"Location": self.base()})
        else:
            return False
        return True

    def change_credentials(self, method, path, payload):
        store = self.controller.credentials
        if store is None:
            return False
        if method == "POST" and path == CREDENTIAL_DOMAIN + "/createCredentials":
            if not self.headers.get("Content-Type"):
                raise double_items.HttpError(400, "No Content-Type header set")
            if not self.headers.get("Content-Type").startswith(("application/xml", "text/xml")):
                raise double_items.HttpError(400, "the jenkins TEST DOUBLE creates credentials from XML only")
            store.add(payload.decode("utf-8"))
            self.send(200, "")
            return True
        match = re.fullmatch(re.escape(CREDENTIAL_DOMAIN) + r"/credential/([^/]+)/config\.xml", path)
        if not match or store.lookup(match.group(1)) is None:
            return False
        if method == "POST":
            store.update(match.group(1), payload.decode("utf-8"))
        else:
            store.delete(match.group(1))
        self.send(200, "")
        return True


def unquote_path(path):
    # Stapler decodes a path segment once; a branch named a/b is the job a%2Fb.
    return "/".join(unquote(part).replace("/", "%2F") for part in path.split("/"))


def make_server(address, port):
    if address in ("", "0.0.0.0", "::") and socket.has_ipv6:
        class DualStack(ThreadingHTTPServer):
            address_family = socket.AF_INET6

            def server_bind(self):
                self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
                super().server_bind()
        try:
            return DualStack(("::", port), Handler)
        except OSError:
            pass
    if ":" in address:
        class V6(ThreadingHTTPServer):
            address_family = socket.AF_INET6
        return V6((address, port), Handler)
    return ThreadingHTTPServer((address or "0.0.0.0", port), Handler)


def notify_ready():
    target = os.environ.get("NOTIFY_SOCKET")
    if not target:
        return
    if target.startswith("@"):
        target = "\0" + target[1:]
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as s:
        s.connect(target)
        s.sendall(b"READY=1")


def main(argv):
    env = dict(os.environ)
    port = env.get("JENKINS_PORT", "8080")
    address = env.get("JENKINS_LISTEN_ADDRESS", "")
    for arg in argv:
        if arg == "--version":
            print(VERSION)
            return 0
        if arg.startswith("--httpPort="):
            port = arg.split("=", 1)[1]
        elif arg.startswith("--httpListenAddress="):
            address = arg.split("=", 1)[1]
    try:
        port = int(port)
    except ValueError:
        log(f"JENKINS_PORT must be a number, got {port!r}")
        return 1
    try:
        Handler.controller = Controller(env)
        server = make_server(address, port)
    except (StartupError, OSError) as e:
        log(f"failed to start: {e}")
        return 1
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    log(f"Jenkins is fully up and running on port {port} (version {Handler.controller.version})")
    notify_ready()
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
