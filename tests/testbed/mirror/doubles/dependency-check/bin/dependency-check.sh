#!/bin/sh
# TEST DOUBLE of OWASP Dependency-Check's command line (the release zip's bin/dependency-check.sh runs Java here).
# See ../README.TEST-DOUBLE.
exec python3 "$(dirname "$0")/../lib/dependency_check_double.py" "$@"
