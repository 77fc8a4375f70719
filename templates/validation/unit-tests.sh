#!/bin/sh
# Runs the app's unit tests inside a throwaway container, as the workload's Jenkins Test stage does, on a copy
# of the repository: the workload's own test fixture empties the real app.db, so the tests never see the
# user's checkout, which is mounted read-only at /src. Written by the microblog workload tool (UnitTests task).
#
# Input, from the environment: WORKLOAD_TEST_PATH (tests to run, relative to the repository),
# WORKLOAD_VENV_SYSTEM_SITE_PACKAGES (1: the venv sees the image's packages), and pip's own PIP_* variables.
# Output: the JUnit report /workload/out/unit-tests.xml; the exit code is pytest's.
set -eu

mkdir -p /tmp/app
# The copy leaves out what the user's machine built: git metadata, virtual environments, caches.
tar -C /src --exclude=./.git --exclude=./venv --exclude=./.venv --exclude='*/__pycache__' --exclude=./.pytest_cache -cf - . \
    | tar -C /tmp/app -xf -
cd /tmp/app

echo "Python: $(python3 --version 2>&1)"
if [ "${WORKLOAD_VENV_SYSTEM_SITE_PACKAGES:-0}" = 1 ]; then
    python3 -m venv --system-site-packages /tmp/venv
else
    python3 -m venv /tmp/venv
fi
. /tmp/venv/bin/activate

if [ -f requirements.txt ]; then
    pip install --disable-pip-version-check -r requirements.txt pytest
else
    echo "No requirements.txt; installing pytest only"
    pip install --disable-pip-version-check pytest
fi

# The tutorial's tests import the app from the repository root.
export PYTHONPATH=/tmp/app
exec python -m pytest "$WORKLOAD_TEST_PATH" --verbose -p no:cacheprovider --junit-xml=/workload/out/unit-tests.xml
