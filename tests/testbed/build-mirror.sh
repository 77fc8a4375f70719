#!/usr/bin/env bash
# Builds the testbed's mirror where the local provider's mirror server serves it, and prints a workload
# configuration that points every download at it:
#
#   sudo tests/testbed/build-mirror.sh > workload.testbed.json
#   WORKLOAD_GRAFANA_ADMIN_PASSWORD=... ./build.sh --target=Deploy --config=workload.testbed.json
#
# Arguments (both optional): the served directory (the localMirrorDirectory setting, default
# /var/lib/workload-testbed/mirror) and the URL the hosts reach it at (default http://10.231.0.1:8081).
# The mirror goes into a subdirectory, so the running server sees a rebuild at once (it keeps serving the
# directory it started in), and the private signing keys stay outside what is served.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
served=${1:-/var/lib/workload-testbed/mirror}
base=${2:-http://10.231.0.1:8081}
mkdir -p "$served"
MIRROR_STATE_DIR="${served%/}.private" "$here/mirror/build.sh" "$served/testbed" >&2
"$here/workload-config.py" "$served/testbed" "${base%/}/testbed"
