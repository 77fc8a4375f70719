#!/usr/bin/env bash
# The test command (README: "sudo ./test.sh"). Installs what the tests need on a fresh Debian 12 machine,
# then runs every test. Run as root: the testbed boots real systemd hosts and the checks run in Podman.
set -euo pipefail
cd "$(dirname "$0")"
tests/testbed/prerequisites.sh
tests/Validation/prerequisites.sh
dotnet test Workload.sln "$@"
