#!/bin/bash
# Runs as a oneshot unit inside the booted throwaway container started by
# e2e.sh, after e2e-inside.sh installed the test doubles: checks them under
# systemd (units, Type=notify, LoadCredential, hardening), then powers off.
set -u
PASSED=0 FAILED=0
ok() { PASSED=$((PASSED + 1)); echo "ok   - $1"; }
fail() { FAILED=$((FAILED + 1)); echo "FAIL - $1${2:+: $2}"; }
check() {
	local what=$1
	shift
	if "$@" >/tmp/last.out 2>&1; then ok "$what"; else fail "$what" "$(tail -c 400 /tmp/last.out)"; fi
}
code() { curl -s -o /tmp/body -w '%{http_code}' "$@"; }
expect_status() {
	local what=$1 want=$2 got
	shift 2
	got=$(code "$@")
	if [ "$got" = "$want" ]; then ok "$what"; else fail "$what" "HTTP $got, wanted $want: $(head -c 300 /tmp/body)"; fi
}
wait_for() { # seconds command...
	local n=$(($1 * 5))
	shift
	while [ $n -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

# jenkins.service was enabled by the package's postinst, so it started at boot.
check "jenkins.service is active after boot" wait_for 60 systemctl is-active --quiet jenkins
check "jenkins runs as user jenkins" bash -c '[ "$(stat -c %U /proc/"$(systemctl show -P MainPID jenkins)")" = jenkins ]'
expect_status "jenkins answers /login on the default port 8080" 200 http://127.0.0.1:8080/login

# The tool's way to configure it: a drop-in with the wizard off, JCasC and a credential.
mkdir -p /etc/jenkins-test /etc/systemd/system/jenkins.service.d
printf 'booted-jenkins-s3cret' >/etc/jenkins-test/admin-password
chmod 600 /etc/jenkins-test/admin-password
cat >/etc/systemd/system/jenkins.service.d/override.conf <<'EOF'
[Service]
Environment="JAVA_OPTS=-Djava.awt.headless=true -Djenkins.install.runSetupWizard=false"
Environment="CASC_JENKINS_CONFIG=/var/lib/jenkins/casc.yaml"
LoadCredential=jenkins-admin-password:/etc/jenkins-test/admin-password
Environment=SECRETS=%d
EOF
check "systemctl daemon-reload" systemctl daemon-reload
check "systemctl restart jenkins (Type=notify: returns when ready)" systemctl restart jenkins
expect_status "jenkins whoAmI with the LoadCredential password right after restart" 200 \
	-u admin:booted-jenkins-s3cret http://127.0.0.1:8080/whoAmI/api/json
expect_status "jenkins GET / without credentials is 403" 403 http://127.0.0.1:8080/

# grafana-server is not enabled by the package: the tool enables it.
cat >/etc/grafana/grafana.ini <<'EOF'
[users]
allow_sign_up = false
EOF
chown root:grafana /etc/grafana/grafana.ini
chmod 640 /etc/grafana/grafana.ini
check "grafana-server.service is not active before it is enabled" bash -c '! systemctl is-active --quiet grafana-server'
check "systemctl enable --now grafana-server" systemctl enable --now grafana-server
check "grafana answers /api/health on the default port 3000" wait_for 30 curl -fs http://127.0.0.1:3000/api/health
check "grafana-server runs as user grafana" bash -c '[ "$(stat -c %U /proc/"$(systemctl show -P MainPID grafana-server)")" = grafana ]'
check "grafana-server wrote its pid file in /run/grafana" test -s /run/grafana/grafana-server.pid
expect_status "grafana keeps the admin password of its existing database" 200 -u admin:alias-pw-1 http://127.0.0.1:3000/api/user
echo 'booted-grafana-pw' | grafana cli admin reset-admin-password --password-from-stdin >/tmp/cli.log 2>&1
expect_status "grafana cli reset applies to the running service" 200 -u admin:booted-grafana-pw http://127.0.0.1:3000/api/user
check "systemctl restart grafana-server" systemctl restart grafana-server
check "grafana answers again after the restart" wait_for 30 curl -fs http://127.0.0.1:3000/api/health

echo "$PASSED passed, $FAILED failed"
systemctl start --no-block --job-mode=replace-irreversibly poweroff.target
