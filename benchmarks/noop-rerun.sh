#!/usr/bin/env bash
# Benchmark: the cost of a no-op re-run (every check says "in sync") on one real testbed host.
#
#   sudo benchmarks/noop-rerun.sh            # 5 measured re-runs
#   sudo RUNS=9 benchmarks/noop-rerun.sh
#
# It runs the real tool as a user does, with --provider=local and the testbed mirror (tests/testbed/build-mirror.sh):
#   1. --target=NodeExporter converges a fresh Jenkins host: the whole chain before it (ProvisionJenkins,
#      InstallJenkins, ConfigurePython, App, Nginx, GunicornService, Sudoers, NodeExporter), i.e. packages, the
#      Jenkins apt repository and keyring, files with diffs, directories, a system user, symlinks, a release
#      download, systemd units and services;
#   2. the same command again RUNS times: each run checks every task's resources, finds nothing to change and
#      changes nothing. It prints each run's wall time and the SSH round trips the tool reports at its end
#      ("SSH round trips: N"), then the median.
# The tool is the build ./build.sh runs (Release, ReadyToRun, build/bin/tool/HASH/workload), so the times hold no build
# check. A run's wall time includes starting .NET, connecting over SSH, taking the host lock and the task report.
#
# The host belongs to a project of its own (BENCH_PROJECT, default wlbench: machine wlbench-jenkins) in the local
# provider's default testbed (shared with other projects: only this project's machine is destroyed at the end).
# BENCH_LOG_DIRECTORY=DIR keeps every run's log there.
# Needs root and the testbed prerequisites (tests/testbed/prerequisites.sh, which this script runs).
# It is not a test and asserts no time: it fails only when a re-run is not in sync or the tool fails.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}
project=${BENCH_PROJECT:-wlbench}
served=${BENCH_MIRROR_DIRECTORY:-/var/lib/workload-testbed/mirror}
work=$(mktemp -d "${TMPDIR:-/tmp}/workload-bench.XXXXXX")
log() { printf '[noop-rerun] %s\n' "$*" >&2; }

if [ "$(id -u)" -ne 0 ]; then
  echo "noop-rerun.sh: run as root (the local provider boots a systemd host)" >&2
  exit 1
fi

"$repo/tests/testbed/prerequisites.sh" >&2
log "building the mirror in $served (seconds when it is up to date)"
"$repo/tests/testbed/build-mirror.sh" "$served" > "$work/mirror-config.json"
python3 - "$work/mirror-config.json" "$work/config.json" "$project" "$work" <<'EOF'
import json, sys
config = json.load(open(sys.argv[1]))
work = sys.argv[4]
config.update({
    "project": sys.argv[3],
    "stateFile": f"{work}/state.json",
    "knownHostsFile": f"{work}/known_hosts",
    "sshPrivateKey": f"{work}/id_ed25519",
})
json.dump(config, open(sys.argv[2], "w"), indent=2)
EOF

log "bootstrap: ./build.sh --version (builds the tool, Release, when its sources changed)"
"$repo/build.sh" --version > /dev/null
binary="$repo/build/bin/tool/$(head -n 1 "$repo/build/bin/tool/stamp.sh")/workload"
tool() { "$binary" --config="$work/config.json" "$@"; }

cleanup() {
  if [ -n "${BENCH_LOG_DIRECTORY:-}" ]; then
    mkdir -p "$BENCH_LOG_DIRECTORY"
    cp "$work"/*.log "$BENCH_LOG_DIRECTORY"/ 2>/dev/null || true
  fi
  log "destroying the benchmark's host (project $project)"
  tool --target=Destroy --provider=local > "$work/destroy.log" 2>&1 || { cat "$work/destroy.log" >&2; }
  rm -rf "$work"
}
trap cleanup EXIT

# One run: its wall time in ms and the round trips it reported, as "ms trips"; the log is kept in $work/run-$1.log.
measure() {
  local name=$1 start end status=0
  shift
  start=$(date +%s%N)
  tool --target=NodeExporter "$@" > "$work/run-$name.log" 2>&1 || status=$?
  end=$(date +%s%N)
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$work/run-$name.log" >&2
    echo "noop-rerun.sh: run $name failed (exit $status)" >&2
    exit 1
  fi
  local trips
  trips=$(sed -n 's/.*SSH round trips: \([0-9]*\).*/\1/p' "$work/run-$name.log" | tail -n 1)
  echo "$(( (end - start) / 1000000 )) ${trips:-?}"
}

log "first run: converging a fresh host (minutes: packages, the app, services)"
read -r ms trips < <(measure converge)
log "first run: $ms ms, $trips SSH round trips"

# Sanity: a plan right after must be in sync (exit code 0), or the re-runs would measure changes.
if ! tool --target=NodeExporter --plan > "$work/plan.log" 2>&1; then
  tail -n 60 "$work/plan.log" >&2
  echo "noop-rerun.sh: the host is not in sync after the first run; nothing to measure" >&2
  exit 1
fi

times=()
for i in $(seq "$runs"); do
  read -r ms trips < <(measure "rerun-$i")
  # Every task of the chain must be skipped as in sync: a re-run that changed something is no no-op.
  if grep -q ' ~ ' "$work/run-rerun-$i.log"; then
    grep ' ~ ' "$work/run-rerun-$i.log" >&2
    echo "noop-rerun.sh: re-run $i changed something" >&2
    exit 1
  fi
  log "no-op re-run $i: $ms ms, $trips SSH round trips"
  times+=("$ms")
  last_trips=$trips
done

# What the tool costs before it reaches a host: starting .NET and the Cake host (--version), same number of runs.
startup=()
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  tool --version > /dev/null 2>&1
  end=$(date +%s%N)
  startup+=("$(( (end - start) / 1000000 ))")
done

median_of() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : int((a[NR/2] + a[NR/2+1]) / 2)}'; }
median=$(median_of "${times[@]}")
startup_median=$(median_of "${startup[@]}")
tasks=$(grep -c 'in sync' "$work/run-rerun-$runs.log" || true)
echo "no-op re-run of --target=NodeExporter (8 host tasks on one host), $runs runs:"
echo "  median wall time: $median ms (runs: ${times[*]} ms)"
echo "  SSH round trips per re-run: $last_trips"
echo "  for comparison, starting the tool without reaching a host (--version): median $startup_median ms"
echo "  lines saying 'in sync' in the last run's report: $tasks"
echo "  machine: $(nproc) cores, $(uname -r), $(date -u +%Y-%m-%d)"
