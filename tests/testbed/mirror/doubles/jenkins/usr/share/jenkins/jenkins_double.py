#!/usr/bin/python3
"""TEST DOUBLE of the Jenkins controller, for the workload testbed only.

This is not Jenkins. It answers the few HTTP requests a deployment tool makes
to decide whether Jenkins is installed, unlocked and configured:

  GET /login                        200, title "Sign in [Jenkins]"
  GET /                             setup wizard (403 "Unlock Jenkins") unless
                                    JAVA_OPTS has -Djenkins.install.runSetupWizard=false;
                                    then 403 "Authentication required" without
                                    valid basic auth, 200 "Dashboard [Jenkins]" with it
  GET /whoAmI/api/json              200 {"name": id, "authenticated": true} for valid
                                    basic auth, 401 otherwise
  GET /pluginManager/api/json       the *.jpi / *.hpi files in $JENKINS_HOME/plugins,
                                    read once at startup as Jenkins does
  GET /api/json                     a minimal controller description

Users also come from a stand-in for init.groovy.d: a script in
$JENKINS_HOME/init.groovy.d that reads a password from the systemd credential
directory (System.getenv("CREDENTIALS_DIRECTORY"), new File(credentials, "NAME"))
and calls realm.createAccount("ID", password) makes user ID with that password,
as Jenkins running the script would. The double does not run Groovy: it only
recognises these three calls, and logs (as Jenkins does) when the script would fail.

Users come from a Configuration-as-Code stand-in: CASC_JENKINS_CONFIG (a YAML
file or a directory of them), key jenkins.securityRealm.local.users[].{id,password};
${name} in a value is resolved like JCasC does: environment variable first, then
the file $SECRETS/name (default /run/secrets), trimmed.
"""

import base64
import hmac
import html
import json
import os
import secrets
import signal
import socket
import sys
import threading
import zipfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import yaml

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
        log(f"{len(self.users)} user(s), {len(self.plugins)} plugin(s), "
            f"setup wizard {'on' if self.wizard else 'off'}")

    def authenticate(self, header):
        """Return (authenticated user id or None, login offered or None)."""
        if not header or not header.startswith("Basic "):
            return None, None
        try:
            decoded = base64.b64decode(header[6:], validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None, ""
        login, sep, password = decoded.partition(":")
        expected = self.users.get(login)
        if sep and expected is not None and hmac.compare_digest(
                expected.encode("utf-8"), password.encode("utf-8")):
            return login, login
        return None, login


def page(title, body):
    return (f"<!DOCTYPE html><html><head><title>{html.escape(title)}</title></head>"
            f"<body><!-- jenkins TEST DOUBLE -->{body}</body></html>\n")


class Handler(BaseHTTPRequestHandler):
    server_version = "Jetty(12.0.x)"
    sys_version = ""
    controller = None  # set in main()

    def log_message(self, fmt, *args):
        log(f"{self.address_string()} {fmt % args}")

    def send(self, status, body, content_type="text/html;charset=utf-8", extra=None):
        data = body.encode("utf-8")
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

    def send_json(self, status, obj):
        self.send(status, json.dumps(obj), "application/json;charset=utf-8")

    def do_HEAD(self):
        self.do_GET()

    def do_POST(self):
        self.send(403, page("Forbidden", "<p>No valid crumb was included in the request</p>"))

    def do_GET(self):
        c = self.controller
        path = urlsplit(self.path).path.rstrip("/") or "/"
        user, offered = c.authenticate(self.headers.get("Authorization"))
        if offered is not None and user is None:
            self.send(401, page("Error 401 Unauthorized",
                                f"<p>Invalid password/token for user: {html.escape(offered)}</p>"),
                      extra={"WWW-Authenticate": 'Basic realm="Jenkins"'})
            return
        if path == "/login":
            self.send(200, page("Sign in [Jenkins]",
                                "<h1>Sign in to Jenkins</h1><form method='post' "
                                "action='j_spring_security_check'></form>"))
            return
        if path == "/whoAmI/api/json":
            if user is None:
                self.send_json(401, {"message": "Authentication required"})
            else:
                self.send_json(200, {"_class": "hudson.security.WhoAmI", "anonymous": False,
                                     "authenticated": True, "authorities": ["authenticated"],
                                     "name": user})
            return
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
            return
        if path == "/":
            title = "Setup Wizard [Jenkins]" if c.wizard else "Dashboard [Jenkins]"
            self.send(200, page(title, f"<h1>{html.escape(title)}</h1>"))
        elif path == "/pluginManager/api/json":
            self.send_json(200, {"_class": "hudson.LocalPluginManager", "plugins": c.plugins})
        elif path == "/api/json":
            self.send_json(200, {"_class": "hudson.model.Hudson", "mode": "NORMAL",
                                 "nodeDescription": "the Jenkins controller's built-in node",
                                 "numExecutors": 2, "useSecurity": True, "jobs": []})
        else:
            self.send(404, page("Error 404 Not Found", "<p>Not Found</p>"))


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
