#!/bin/bash
# Runs inside the throwaway container started by e2e.sh (not on a real host).
# Environment: MIRROR (base URL), JENKINS_TEST_PORT, GRAFANA_TEST_PORT,
# PROMETHEUS_TEST_PORT, NODE_EXPORTER_TEST_PORT.
set -u
export DEBIAN_FRONTEND=noninteractive
PASSED=0 FAILED=0 PIDS=()
T=/tmp/e2e
mkdir -p "$T"

ok() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1${2:+: $2}"; }
check() { # description command...
	local what=$1
	shift
	if "$@" >"$T/last.out" 2>&1; then ok "$what"; else fail "$what" "$(tail -c 400 "$T/last.out")"; fi
}
finish() {
	local pid
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
	exit
}
manifest() { python3 -c "import json,sys; m=json.load(open('$T/mirror.json')); print(eval(sys.argv[1], {'m': m}))" "$1"; }
wait_http() { # url [seconds]
	for _ in $(seq $((${2:-20} * 10))); do
		curl -s -o /dev/null "$1" && return 0
		sleep 0.1
	done
	return 1
}
status_of() { curl -s -o "$T/body" -w '%{http_code}' "$@"; }
expect_status() { # description expected curl-args...
	local what=$1 want=$2 got
	shift 2
	got=$(status_of "$@")
	if [ "$got" = "$want" ]; then ok "$what"; else fail "$what" "HTTP $got, wanted $want: $(head -c 300 "$T/body")"; fi
}
body_has() { grep -qF -- "$1" "$T/body"; }

curl -fsS "$MIRROR/mirror.json" -o "$T/mirror.json" || { fail "download mirror.json"; finish; }

# --- apt repositories with signed-by keyrings ---------------------------------------
mkdir -p /etc/apt/keyrings
JENKINS_KEY=$(manifest 'm["jenkins"]["key"]["path"]')
GRAFANA_KEY=$(manifest 'm["grafana"]["key"]["path"]')
# Jenkins' documented way: the armored key saved as .asc; Grafana's: dearmored .gpg.
curl -fsS "$MIRROR/$JENKINS_KEY" -o /etc/apt/keyrings/jenkins-keyring.asc
curl -fsS "$MIRROR/$GRAFANA_KEY" | gpg --dearmor 2>/dev/null >/etc/apt/keyrings/grafana.gpg
echo "deb [signed-by=/etc/apt/keyrings/jenkins-keyring.asc] $MIRROR/jenkins/debian-stable binary/" \
	>/etc/apt/sources.list.d/jenkins.list
echo "deb [signed-by=/etc/apt/keyrings/grafana.gpg] $MIRROR/grafana stable main" \
	>/etc/apt/sources.list.d/grafana.list
apt-get update >"$T/apt-update.log" 2>&1
check "apt-get update succeeds" grep -q "Reading package lists" "$T/apt-update.log"
check "apt-get update: no warning or error (signatures verify)" bash -c "! grep -E '^(W|E):' '$T/apt-update.log'"
check "apt-cache policy shows jenkins $(manifest 'm["jenkins"]["version"]') from the mirror" \
	bash -c "apt-cache policy jenkins | grep -qF '$(manifest 'm["jenkins"]["version"]')'"
check "apt-get install -y jenkins grafana" apt-get install -y jenkins grafana

check "jenkins user: home /var/lib/jenkins, shell /bin/bash" \
	bash -c '[ "$(getent passwd jenkins | cut -d: -f6,7)" = /var/lib/jenkins:/bin/bash ]'
check "/var/lib/jenkins owned by jenkins" bash -c '[ "$(stat -c %U /var/lib/jenkins)" = jenkins ]'
check "jenkins.service enabled by postinst" test -L /etc/systemd/system/multi-user.target.wants/jenkins.service
check "grafana user: system user with group grafana" bash -c 'id -gn grafana | grep -qx grafana'
check "grafana-server.service NOT enabled by postinst (as the real package)" \
	test ! -e /etc/systemd/system/multi-user.target.wants/grafana-server.service
check "/etc/grafana/grafana.ini: root:grafana 640, every setting commented out" bash -c \
	'[ "$(stat -c %U:%G:%a /etc/grafana/grafana.ini)" = root:grafana:640 ] && ! grep -E "^[a-z_]+ *=" /etc/grafana/grafana.ini'
check "provisioning directories exist" test -d /etc/grafana/provisioning/datasources -a -d /etc/grafana/provisioning/dashboards
check "systemd-analyze verify jenkins.service grafana-server.service" \
	systemd-analyze verify /lib/systemd/system/jenkins.service /lib/systemd/system/grafana-server.service

# Wrong keyring: apt must refuse the repository.
echo "deb [signed-by=/etc/apt/keyrings/grafana.gpg] $MIRROR/jenkins/debian-stable binary/" >"$T/wrong.list"
apt-get update -o Dir::Etc::SourceList="$T/wrong.list" -o Dir::Etc::SourceParts=/nonexistent >"$T/wrong.log" 2>&1
check "apt-get update with the wrong key is refused (NO_PUBKEY)" grep -q NO_PUBKEY "$T/wrong.log"

# --- jenkins test double, run by hand as the unit would ------------------------------
JP=$JENKINS_TEST_PORT
J="http://127.0.0.1:$JP"
start_jenkins() { # extra env assignments...
	runuser -u jenkins -- env -i PATH=/usr/bin:/bin JENKINS_HOME=/var/lib/jenkins JENKINS_PORT="$JP" \
		JENKINS_LISTEN_ADDRESS=127.0.0.1 "$@" /usr/bin/jenkins >>"$T/jenkins.log" 2>&1 &
	JENKINS_PID=$!
	PIDS+=("$JENKINS_PID")
	wait_http "$J/login"
}
stop_jenkins() { kill "$JENKINS_PID" && wait "$JENKINS_PID" 2>/dev/null; }

check "jenkins (setup wizard) starts and answers /login" start_jenkins JAVA_OPTS=-Djava.awt.headless=true
expect_status "jenkins GET /login is 200" 200 "$J/login"
check "jenkins /login title is 'Sign in [Jenkins]'" body_has "<title>Sign in [Jenkins]</title>"
expect_status "jenkins GET / is 403 while the setup wizard runs" 403 "$J/"
check "jenkins setup wizard page is 'Unlock Jenkins'" body_has "<title>Unlock Jenkins</title>"
PW_FILE=/var/lib/jenkins/secrets/initialAdminPassword
check "initialAdminPassword written, mode 640, owner jenkins" \
	bash -c "[ \"\$(stat -c %U:%a $PW_FILE)\" = jenkins:640 ] && [ -s $PW_FILE ]"
expect_status "jenkins accepts admin with the initial password" 200 -u "admin:$(cat $PW_FILE)" "$J/whoAmI/api/json"
stop_jenkins

mkdir -p /run/creds-test /var/lib/jenkins/plugins
printf 'jenkins-admin-s3cret' >/run/creds-test/jenkins-admin-password
chown -R jenkins /run/creds-test
cat >/var/lib/jenkins/casc.yaml <<'EOF'
jenkins:
  securityRealm:
    local:
      allowsSignup: false
      users:
        - id: admin
          password: ${jenkins-admin-password}
EOF
python3 - <<'EOF'
import zipfile
with zipfile.ZipFile("/var/lib/jenkins/plugins/configuration-as-code.jpi", "w") as z:
    z.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nShort-Name: configuration-as-code\n"
               "Long-Name: Configuration as Code Plugin\nPlugin-Version: 1932.v75cb_b_f1b_698d\n")
EOF
chown -R jenkins:jenkins /var/lib/jenkins/plugins /var/lib/jenkins/casc.yaml
check "jenkins (wizard off, JCasC user from \$SECRETS) starts" start_jenkins \
	"JAVA_OPTS=-Djava.awt.headless=true -Djenkins.install.runSetupWizard=false" \
	CASC_JENKINS_CONFIG=/var/lib/jenkins/casc.yaml SECRETS=/run/creds-test
expect_status "jenkins GET / without credentials is 403" 403 "$J/"
check "jenkins 403 page is 'Authentication required'" body_has "Authentication required"
expect_status "jenkins GET / as admin is 200" 200 -u admin:jenkins-admin-s3cret "$J/"
check "jenkins dashboard title is 'Dashboard [Jenkins]'" body_has "<title>Dashboard [Jenkins]</title>"
expect_status "jenkins whoAmI as admin is 200" 200 -u admin:jenkins-admin-s3cret "$J/whoAmI/api/json"
check "jenkins whoAmI names admin, authenticated" python3 -c \
	"import json; d=json.load(open('$T/body')); assert d['name']=='admin' and d['authenticated'] is True, d"
expect_status "jenkins whoAmI with a wrong password is 401" 401 -u admin:wrong "$J/whoAmI/api/json"
expect_status "jenkins plugin list as admin is 200" 200 -u admin:jenkins-admin-s3cret "$J/pluginManager/api/json?depth=1"
check "jenkins plugin list has configuration-as-code" python3 -c \
	"import json; d=json.load(open('$T/body')); assert [p['shortName'] for p in d['plugins']]==['configuration-as-code'], d"
check "jenkins answers with an X-Jenkins header" bash -c "curl -sI $J/login | grep -qi '^X-Jenkins: $(manifest 'm["jenkins"]["version"]')'"
stop_jenkins

# --- release tarballs: checksums, the real node_exporter and Prometheus ------------------
fetch_release() { # project version -> extracts into $T/<project>-<version>
	local base asset
	base="$MIRROR/$(manifest "m['$1']['download_base_path']")/v$2"
	asset="$1-$2.linux-amd64.tar.gz"
	mkdir -p "$T/dl-$1-$2" && cd "$T/dl-$1-$2" &&
		curl -fsSO "$base/$asset" && curl -fsSO "$base/sha256sums.txt" &&
		sha256sum -c --ignore-missing sha256sums.txt | grep -qx "$asset: OK" &&
		tar -xzf "$asset" -C "$T" && cd /
}
for v in $(manifest '" ".join(m["node_exporter"]["versions"])'); do
	check "node_exporter $v: download, sha256sum -c, unpack" fetch_release node_exporter "$v"
done
NE_VERSION=$(manifest 'm["node_exporter"]["default_version"]')
PROM_VERSION=$(manifest 'm["prometheus"]["default_version"]')
check "prometheus $PROM_VERSION: download, sha256sum -c, unpack" fetch_release prometheus "$PROM_VERSION"
check "tarball files are owned by uid 3434 like upstream's" \
	bash -c "tar -tvzf $T/dl-node_exporter-$NE_VERSION/*.tar.gz --numeric-owner | grep -q ' 3434/3434 '"

NP=$NODE_EXPORTER_TEST_PORT PP=$PROMETHEUS_TEST_PORT
"$T/node_exporter-$NE_VERSION.linux-amd64/node_exporter" --web.listen-address="127.0.0.1:$NP" >"$T/ne.log" 2>&1 &
PIDS+=($!)
check "node_exporter serves /metrics" wait_http "http://127.0.0.1:$NP/metrics"
check "node_exporter exposes node_cpu_seconds_total" bash -c "curl -s http://127.0.0.1:$NP/metrics | grep -q '^node_cpu_seconds_total'"

PROM_DIR="$T/prometheus-$PROM_VERSION.linux-amd64"
cat >"$T/prometheus.yml" <<EOF
global:
  scrape_interval: 2s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ["127.0.0.1:$NP"]
EOF
check "promtool check config" "$PROM_DIR/promtool" check config "$T/prometheus.yml"
"$PROM_DIR/prometheus" --config.file="$T/prometheus.yml" --storage.tsdb.path="$T/tsdb" \
	--web.listen-address="127.0.0.1:$PP" >"$T/prom.log" 2>&1 &
PIDS+=($!)
check "prometheus is ready" wait_http "http://127.0.0.1:$PP/-/ready" 30
scraped() {
	for _ in $(seq 40); do
		curl -s "http://127.0.0.1:$PP/api/v1/query?query=up%7Bjob%3D%22node%22%7D" |
			python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; sys.exit(0 if r and r[0]["value"][1]=="1" else 1)' && return 0
		sleep 0.5
	done
	return 1
}
check "prometheus scrapes node_exporter (up{job=\"node\"} == 1)" scraped

# --- grafana test double --------------------------------------------------------------
GP=$GRAFANA_TEST_PORT
G="http://127.0.0.1:$GP"
printf 'grafana-admin-s3cret' >/run/creds-test/grafana-admin-password
chown grafana /run/creds-test/grafana-admin-password
cat >/etc/grafana/grafana.ini <<EOF
[server]
http_addr = 127.0.0.1
http_port = $GP
[security]
admin_user = admin
admin_password = \$__file{/run/creds-test/grafana-admin-password}
[users]
allow_sign_up = false
EOF
cat >/etc/grafana/provisioning/datasources/prometheus.yaml <<EOF
apiVersion: 1
datasources:
  - name: Prometheus
    type: prometheus
    uid: prometheus
    access: proxy
    url: http://127.0.0.1:$PP
    isDefault: true
EOF
mkdir -p /var/lib/grafana/dashboards
cat >/etc/grafana/provisioning/dashboards/workload.yaml <<'EOF'
apiVersion: 1
providers:
  - name: workload
    folder: ""
    type: file
    options:
      path: /var/lib/grafana/dashboards
EOF
check "dashboard 1860 downloads from the grafana.com layout" \
	curl -fsS -o /var/lib/grafana/dashboards/node-exporter-full.json "$MIRROR/$(manifest 'm["dashboard"]["path"]')"
chown -R root:grafana /etc/grafana && chmod 640 /etc/grafana/grafana.ini /etc/grafana/provisioning/*/*.yaml
start_grafana() { # as the unit's ExecStart, with /etc/default/grafana-server's values
	runuser -u grafana -- /usr/share/grafana/bin/grafana server --config=/etc/grafana/grafana.ini \
		--packaging=deb cfg:default.paths.logs=/var/log/grafana cfg:default.paths.data=/var/lib/grafana \
		cfg:default.paths.plugins=/var/lib/grafana/plugins \
		cfg:default.paths.provisioning=/etc/grafana/provisioning >>"$T/grafana.log" 2>&1 &
	GRAFANA_PID=$!
	PIDS+=("$GRAFANA_PID")
	wait_http "$G/api/health"
}
stop_grafana() { kill "$GRAFANA_PID" && wait "$GRAFANA_PID" 2>/dev/null; }
check "grafana starts" start_grafana
expect_status "grafana /api/health is 200 without auth" 200 "$G/api/health"
check "grafana health reports database ok and the version" python3 -c \
	"import json; d=json.load(open('$T/body')); assert d['database']=='ok' and d['version']=='$(manifest 'm["grafana"]["version"]')', d"
expect_status "grafana /api/user without auth is 401" 401 "$G/api/user"
expect_status "grafana rejects admin/admin" 401 -u admin:admin "$G/api/user"
expect_status "grafana accepts the admin password from \$__file{}" 200 -u admin:grafana-admin-s3cret "$G/api/user"
check "grafana /api/user is the admin" python3 -c \
	"import json; d=json.load(open('$T/body')); assert d['login']=='admin' and d['isGrafanaAdmin'], d"
AUTH=(-u admin:grafana-admin-s3cret)
expect_status "grafana /api/datasources is 200" 200 "${AUTH[@]}" "$G/api/datasources"
check "grafana lists the provisioned Prometheus data source" python3 -c \
	"import json; d=json.load(open('$T/body')); assert [(x['uid'], x['type'], x['isDefault']) for x in d]==[('prometheus','prometheus',True)], d"
expect_status "grafana data source health against the real Prometheus is 200" 200 "${AUTH[@]}" "$G/api/datasources/uid/prometheus/health"
check "grafana data source health says OK" python3 -c \
	"import json; d=json.load(open('$T/body')); assert d=={'status':'OK','message':'Successfully queried the Prometheus API.'}, d"
expect_status "grafana search lists dashboards" 200 "${AUTH[@]}" "$G/api/search?query=&type=dash-db"
check "grafana search finds Node Exporter Full" python3 -c \
	"import json; d=json.load(open('$T/body')); assert [(x['uid'], x['title']) for x in d]==[('rYdddlPWk','Node Exporter Full')], d"
expect_status "grafana serves a dashboard with an unbound \${DS_PROMETHEUS} all the same (200, as Grafana)" 200 "${AUTH[@]}" "$G/api/dashboards/uid/rYdddlPWk"
check "grafana's answer still holds the unbound input" grep -q 'DS_PROMETHEUS' "$T/body"
sed -i 's/\${DS_PROMETHEUS}/prometheus/g' /var/lib/grafana/dashboards/node-exporter-full.json
expect_status "grafana serves the dashboard once the input is bound (re-scanned, no restart)" 200 "${AUTH[@]}" "$G/api/dashboards/uid/rYdddlPWk"
check "grafana dashboard answer has dashboard and meta (provisioned)" python3 -c \
	"import json; d=json.load(open('$T/body')); assert d['dashboard']['title']=='Node Exporter Full' and d['meta']['provisioned'] is True, d['meta']"
expect_status "grafana sign-up is refused when allow_sign_up = false" 401 -X POST -H 'Content-Type: application/json' \
	-d '{"email":"x@example.invalid"}' "$G/api/user/signup"

# admin_password in grafana.ini applies only when the database is created.
stop_grafana
sed -i 's/^admin_password = .*/admin_password = changed-in-ini/' /etc/grafana/grafana.ini
check "grafana restarts" start_grafana
expect_status "grafana ignores a changed admin_password once the database exists" 401 -u admin:changed-in-ini "$G/api/user"
echo 'reset-by-cli-pw' | grafana cli admin reset-admin-password --password-from-stdin >"$T/cli.log" 2>&1
check "grafana cli admin reset-admin-password --password-from-stdin succeeds" grep -q "Admin password changed successfully" "$T/cli.log"
expect_status "grafana accepts the reset password without a restart" 200 -u admin:reset-by-cli-pw "$G/api/user"
check "grafana.db still owned by grafana after the cli ran as root" \
	bash -c '[ "$(stat -c %U /var/lib/grafana/grafana.db)" = grafana ]'
check "grafana-cli only warns that Grafana 13 removed it, then runs grafana cli" bash -c "echo alias-pw-1 | grafana-cli admin reset-admin-password --password-from-stdin 2>&1 | grep -q \"Deprecation warning: 'grafana-cli' is deprecated\""
stop_grafana

# --- the app over dumb HTTP ---------------------------------------------------------------
check "git clone of the app over HTTP" git clone -q "$MIRROR/git/microblog.git" "$T/app"
check "app clone is on main at the manifest's commit" \
	bash -c "[ \"\$(git -C $T/app rev-parse HEAD)\" = $(manifest 'm["app"]["commit"]') ] && [ \"\$(git -C $T/app branch --show-current)\" = main ]"
check "app clone has microblog.py" test -f "$T/app/microblog.py"

finish
