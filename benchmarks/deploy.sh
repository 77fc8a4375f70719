#!/usr/bin/env bash
# Benchmark: a converged two-host local deployment, as a user runs it. One command prints every figure:
#
#   sudo benchmarks/deploy.sh                      # RUNS=5 measured runs of each
#   sudo RUNS=9 BENCH_KEEP=1 benchmarks/deploy.sh  # keep the hosts (a second call reuses them: no fresh converge)
#
#   1. fresh converge of both hosts: ./build.sh --target=Deploy on new local hosts (skipped when BENCH_KEEP left
#      a converged deployment of the same project);
#   2. no-op Deploy and Deploy --plan, each through ./build.sh and through the built binary (build/bin/tool/HASH/
#      workload, what ./build.sh runs): wall time of the whole process, and the SSH round trips per host the tool
#      reports at its end ("SSH round trips: N (...; jenkins N, ... monitoring N, ...)");
#   3. the Jenkins host's chain alone (--target=NodeExporter, the binary) against benchmarks/ansible/jenkins-host.yml,
#      an ansible-playbook of the same resources (ansible-core from Debian, installed here; SSH pipelining and
#      ControlPersist on), on the same host, with the ratio of the medians;
#   4. --version through ./build.sh and through the binary: the tool starting without reaching a host;
#   5. the peak memory (maximum resident set, GNU time) of a no-op Deploy.
# Median, min and max of RUNS runs each. A "no-op" run that changes anything, or a --plan that is not in sync, stops
# the benchmark. It is not a test and asserts no time.
#
# The testbed: TESTBED_STATE_DIRECTORY, TESTBED_SUBNET, TESTBED_BRIDGE (the local provider's localStateDirectory,
# localSubnet, localBridge; defaults the provider's own), the mirror in $TESTBED_STATE_DIRECTORY/mirror
# (tests/testbed/build-mirror.sh, run here). The hosts belong to project BENCH_PROJECT (default wlbench); only they
# are destroyed at the end (unless BENCH_KEEP=1). BENCH_WORK=DIR keeps the configuration, keys and logs there.
# Needs root (the local provider boots systemd hosts).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
project=${BENCH_PROJECT:-wlbench}
state=${TESTBED_STATE_DIRECTORY:-/var/lib/workload-testbed}
subnet=${TESTBED_SUBNET:-10.231.0.0/24}
bridge=${TESTBED_BRIDGE:-wl-br0}
served="$state/mirror"
gateway=$(python3 -c "import ipaddress,sys; print(next(ipaddress.ip_network(sys.argv[1]).hosts()))" "$subnet")
work=${BENCH_WORK:-/var/tmp/workload-bench-$project}
log() { printf '[bench] %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  echo "deploy.sh: run as root (the local provider boots systemd hosts)" >&2
  exit 1
fi
mkdir -p "$work"

"$repo/tests/testbed/prerequisites.sh" > "$work/prerequisites.log" 2>&1 || { cat "$work/prerequisites.log" >&2; exit 1; }
if ! command -v ansible-playbook > /dev/null; then
  log "installing ansible-core from Debian"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ansible-core > "$work/ansible-install.log" 2>&1 || { cat "$work/ansible-install.log" >&2; exit 1; }
fi
log "building the mirror in $served (seconds when it is up to date)"
"$repo/tests/testbed/build-mirror.sh" "$served" "http://$gateway:8081" > "$work/mirror-config.json" 2> "$work/mirror.log" || { tail -n 30 "$work/mirror.log" >&2; exit 1; }

# The secrets of this deployment: made once, kept with the work directory (root only).
if [ ! -f "$work/secrets.env" ]; then
  (umask 077; for name in JENKINS_ADMIN_PASSWORD GRAFANA_ADMIN_PASSWORD NVD_API_KEY; do
    echo "export WORKLOAD_$name=$(python3 -c 'import secrets; print(secrets.token_hex(12))')"; done > "$work/secrets.env")
fi
# shellcheck disable=SC1091
. "$work/secrets.env"

# The app repository the Jenkins pipeline builds: the mirror's app with the Jenkinsfile the tool writes, served by
# the mirror (as tests/EndToEnd does).
app_served="$served/runs/$project/microblog.git"
python3 - "$work/mirror-config.json" "$work/config.json" <<EOF
import json, sys
config = json.load(open(sys.argv[1]))
config.update({
    "project": "$project",
    "stateFile": "$work/state.json",
    "knownHostsFile": "$work/known_hosts",
    "sshPrivateKey": "$work/id_ed25519",
    "localStateDirectory": "$state",
    "localSubnet": "$subnet",
    "localBridge": "$bridge",
    "localMirrorDirectory": "$served",
    "appRepository": "http://$gateway:8081/runs/$project/microblog.git",
})
json.dump(config, open(sys.argv[2], "w"), indent=2)
EOF

log "bootstrap: ./build.sh --version (builds the tool when its sources changed)"
"$repo/build.sh" --version > /dev/null
binary="$repo/build/bin/tool/$(head -n 1 "$repo/build/bin/tool/stamp.sh")/workload"
buildsh() { (cd "$work" && "$repo/build.sh" --config="$work/config.json" "$@"); }
tool() { (cd "$work" && "$binary" --config="$work/config.json" "$@"); }

if [ ! -d "$app_served" ]; then
  rm -rf "$work/app"
  git clone -q "$served/testbed/git/microblog.git" "$work/app"
  tool --target=Jenkinsfile --app="$work/app" > "$work/jenkinsfile.log" 2>&1 || { cat "$work/jenkinsfile.log" >&2; exit 1; }
  git -C "$work/app" add -A
  git -C "$work/app" -c user.name=bench -c user.email=bench@example.invalid commit -q -m "Jenkinsfile written by ./build.sh --target=Jenkinsfile"
  mkdir -p "$(dirname "$app_served")"
  git clone -q --bare "$work/app" "$app_served"
  git -C "$app_served" update-server-info
fi

cleanup() {
  if [ "${BENCH_KEEP:-}" = 1 ]; then
    log "kept the hosts of project $project (BENCH_KEEP=1); the work directory is $work"
    return
  fi
  log "destroying the benchmark's hosts (project $project)"
  tool --target=Destroy > "$work/destroy.log" 2>&1 || cat "$work/destroy.log" >&2
  rm -rf "$app_served"
}
trap cleanup EXIT

# One timed run: prints "ms", keeps its log in $work/$1.log; a failing run stops the benchmark.
timed() {
  local name=$1 status=0 start end
  shift
  start=$(date +%s%N)
  "$@" > "$work/$name.log" 2>&1 || status=$?
  end=$(date +%s%N)
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$work/$name.log" >&2
    echo "deploy.sh: $name failed (exit $status; log $work/$name.log)" >&2
    exit 1
  fi
  echo $(( (end - start) / 1000000 ))
}
trips_of() { sed -n 's/.*SSH round trips: \([0-9]*\).*/\1/p' "$1" | tail -n 1; }
hosts_of() { sed -n 's/.*SSH round trips: [0-9]* (.*; \(.*\)).*/\1/p' "$1" | tail -n 1; }
stats() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:int((a[NR/2]+a[NR/2+1])/2); printf "%d ms (min %d, max %d, n=%d)", m, a[1], a[NR], NR}'; }
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2)?a[(NR+1)/2]:int((a[NR/2]+a[NR/2+1])/2)}'; }

fresh=""
if ! tool --target=Deploy --plan > "$work/plan-before.log" 2>&1; then
  # New hosts first: provisioning boots them and starts the testbed's mirror server, which the Deploy's download
  # preflight (run before anything else) must reach.
  log "provisioning both hosts (the local provider boots them)"
  provision_jenkins=$(timed provision-jenkins buildsh --target=ProvisionJenkins)
  provision_monitoring=$(timed provision-monitoring buildsh --target=ProvisionMonitoring --exclusive)
  log "provisioned: jenkins $provision_jenkins ms, monitoring $provision_monitoring ms"
  log "fresh converge of both hosts: ./build.sh --target=Deploy (minutes)"
  fresh=$(timed converge buildsh --target=Deploy)
  log "fresh converge: $fresh ms, $(trips_of "$work/converge.log") round trips"
fi
if ! tool --target=Deploy --plan > "$work/plan.log" 2>&1; then
  tail -n 60 "$work/plan.log" >&2
  echo "deploy.sh: the deployment is not in sync after converging; nothing to measure" >&2
  exit 1
fi

declare -A times
measure() {
  local label=$1 i ms
  shift
  for i in $(seq "$runs"); do
    ms=$(timed "$label-$i" "$@")
    if grep -q ' ~ ' "$work/$label-$i.log"; then
      grep ' ~ ' "$work/$label-$i.log" >&2
      echo "deploy.sh: $label run $i changed something or planned a change" >&2
      exit 1
    fi
    times[$label]="${times[$label]:-} $ms"
  done
  log "$label: $(stats ${times[$label]}); round trips $(trips_of "$work/$label-$runs.log") ($(hosts_of "$work/$label-$runs.log"))"
}

measure deploy-buildsh buildsh --target=Deploy
measure plan-buildsh buildsh --target=Deploy --plan
measure deploy-binary tool --target=Deploy
measure plan-binary tool --target=Deploy --plan
measure jenkins-chain-binary tool --target=NodeExporter
measure version-buildsh buildsh --version
measure version-binary tool --version
# Peak memory (maximum resident set) of the tool in a no-op Deploy, the binary, one run (GNU time, installed here).
if ! [ -x /usr/bin/time ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q time > "$work/time-install.log" 2>&1 || { cat "$work/time-install.log" >&2; exit 1; }
fi
(cd "$work" && /usr/bin/time -f '%M' -o "$work/deploy-memory.kib" "$binary" --config="$work/config.json" --target=Deploy > "$work/deploy-memory.log" 2>&1) \
  || { tail -n 40 "$work/deploy-memory.log" >&2; exit 1; }
peak_mib=$(( $(tail -n 1 "$work/deploy-memory.kib") / 1024 ))

# The same resources of the Jenkins host, as an Ansible play, on the same host.
python3 - "$work/state.json" "$work/inventory.ini" "$work/id_ed25519" "$work/known_hosts" <<'EOF'
import json, sys
state = json.load(open(sys.argv[1]))
host = state["hosts"]["jenkins"]
with open(sys.argv[2], "w") as f:
    f.write(f"[jenkins]\n{host['publicAddress']} ansible_port={host['port']} ansible_user={host['user']} "
            f"ansible_ssh_private_key_file={sys.argv[3]} "
            f"ansible_ssh_common_args='-o UserKnownHostsFile={sys.argv[4]} -o StrictHostKeyChecking=yes'\n")
EOF
ansible() {
  (cd "$repo/benchmarks/ansible" && ANSIBLE_CONFIG="$repo/benchmarks/ansible/ansible.cfg" \
    ansible-playbook -i "$work/inventory.ini" -e "@$work/ansible-vars.json" jenkins-host.yml "$@")
}
# What the play compares with: the files the tool wrote (contents, owner, group, mode) and the packages it chose, as
# the host has them now. One tar and one query over SSH, before the timed runs.
read -r address port user < <(python3 -c "import json,sys; h=json.load(open(sys.argv[1]))['hosts']['jenkins']; print(h['publicAddress'], h['port'], h['user'])" "$work/state.json")
on_host() { ssh -i "$work/id_ed25519" -o UserKnownHostsFile="$work/known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes -p "$port" "$user@$address" "$@"; }
managed_files="repository:/etc/apt/keyrings/jenkins.asc repository:/etc/apt/sources.list.d/jenkins.list
jenkins:/etc/jenkins/admin-password jenkins:/etc/systemd/system/jenkins.service.d/microblog-workload.conf
jenkins:/var/lib/jenkins/init.groovy.d/microblog-admin-user.groovy app:/etc/microblog/microblog.env
nginx:/etc/nginx/sites-available/microblog gunicorn:/etc/systemd/system/gunicorn.service
sudoers:/etc/sudoers.d/microblog-jenkins node_exporter:/usr/local/bin/node_exporter
node_exporter:/etc/systemd/system/node_exporter.service"
paths=$(for f in $managed_files; do printf '%s ' "${f#*:}"; done)
rm -rf "$work/ansible-files" && mkdir -m 0700 "$work/ansible-files"
on_host "sudo -n tar -C / -cf - $paths 2>/dev/null" | tar -C "$work/ansible-files" -xf -
on_host "sudo -n stat -c '%n %U %G %a' $paths; dpkg-query -W -f='\${db:Status-Abbrev} \${Package}\n' 'openjdk-*-jre-headless' 'temurin-*-jre' 'python3.*-venv' 2>/dev/null; true" > "$work/host-facts.txt"
python3 - "$work/host-facts.txt" "$work/ansible-vars.json" "$work/ansible-files" "$managed_files" <<'EOF'
import json, sys
lines = open(sys.argv[1]).read().split("\n")
stats = {l.split()[0]: l.split()[1:] for l in lines if l.startswith("/")}
installed = [l.split()[1] for l in lines if l.startswith("ii ")]
java = [p for p in installed if p.startswith(("openjdk-", "temurin-"))]
venvs = [p for p in installed if p.endswith("-venv")]
files = []
for entry in sys.argv[4].split():
    task, path = entry.split(":", 1)
    owner, group, mode = stats[path]
    files.append({"task": task, "path": path, "owner": owner, "group": group, "mode": mode.rjust(4, "0")})
json.dump({"files_dir": sys.argv[3], "files": files,
           "java_packages": ["fontconfig", *java, "curl", "gnupg", "ca-certificates"],
           "python_packages": [p for v in venvs for p in (v[:-len("-venv")], v)]},
          open(sys.argv[2], "w"), indent=1)
EOF
log "ansible-playbook: a first run (it must find the host as the tool left it)"
ansible > "$work/ansible-first.log" 2>&1 || { tail -n 40 "$work/ansible-first.log" >&2; exit 1; }
ansible_first_changed=$(sed -n 's/.*changed=\([0-9]*\).*/\1/p' "$work/ansible-first.log" | tail -n 1)
for i in $(seq "$runs"); do
  ms=$(timed "ansible-$i" ansible)
  times[ansible]="${times[ansible]:-} $ms"
  changed=$(sed -n 's/.*changed=\([0-9]*\).*/\1/p' "$work/ansible-$i.log" | tail -n 1)
  if [ "$changed" != 0 ]; then
    echo "deploy.sh: ansible-playbook run $i changed $changed tasks: not a no-op (log $work/ansible-$i.log)" >&2
    exit 1
  fi
done
ansible_tasks=$(sed -n 's/.*ok=\([0-9]*\).*/\1/p' "$work/ansible-$runs.log" | tail -n 1)
log "ansible: $(stats ${times[ansible]})"
# And the tool still finds the host in sync after the play: the play and the tool agree on the resources.
tool --target=Deploy --plan > "$work/plan-after.log" 2>&1 || { tail -n 40 "$work/plan-after.log" >&2; echo "deploy.sh: the play changed what the tool manages" >&2; exit 1; }

tool_median=$(median ${times[jenkins-chain-binary]})
ansible_median=$(median ${times[ansible]})
echo
echo "Converged two-host local deployment (project $project), $runs runs each, $(date -u '+%Y-%m-%d %H:%M') UTC"
echo "machine: $(nproc) cores, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg), $("$binary" --version 2>/dev/null | head -n 1)"
printf '%-52s %s\n' "measure" "median (min, max)"
if [ -n "$fresh" ]; then
  printf '%-52s %s\n' "provisioning (booting) the two hosts" "$provision_jenkins ms + $provision_monitoring ms (1 run)"
  printf '%-52s %s\n' "fresh converge of both provisioned hosts (Deploy)" "$fresh ms, $(trips_of "$work/converge.log") round trips (1 run)"
fi
printf '%-52s %s\n' "no-op Deploy through ./build.sh" "$(stats ${times[deploy-buildsh]})"
printf '%-52s %s\n' "no-op Deploy --plan through ./build.sh" "$(stats ${times[plan-buildsh]})"
printf '%-52s %s\n' "no-op Deploy, the binary" "$(stats ${times[deploy-binary]})"
printf '%-52s %s\n' "no-op Deploy --plan, the binary" "$(stats ${times[plan-binary]})"
printf '%-52s %s\n' "SSH round trips of a no-op Deploy" "$(trips_of "$work/deploy-binary-$runs.log"): $(hosts_of "$work/deploy-binary-$runs.log")"
printf '%-52s %s\n' "Jenkins host no-op (--target=NodeExporter, binary)" "$(stats ${times[jenkins-chain-binary]}), $(trips_of "$work/jenkins-chain-binary-$runs.log") round trips"
printf '%-52s %s\n' "the same as ansible-playbook ($ansible_tasks tasks ok)" "$(stats ${times[ansible]}) (first run changed ${ansible_first_changed:-?})"
printf '%-52s %s\n' "ratio ansible / tool (medians)" "$(python3 -c "print(f'{$ansible_median / $tool_median:.1f}x')")"
printf '%-52s %s\n' "--version through ./build.sh" "$(stats ${times[version-buildsh]})"
printf '%-52s %s\n' "peak memory of a no-op Deploy (maximum RSS, binary)" "$peak_mib MiB (1 run)"
printf '%-52s %s\n' "--version, the binary" "$(stats ${times[version-binary]})"
echo "logs: $work"
