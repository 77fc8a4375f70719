#!/usr/bin/env python3
"""Prints a workload configuration (JSON) that points every download at the testbed's mirror.

    tests/testbed/workload-config.py MIRROR_DIR [MIRROR_BASE_URL] > workload.testbed.json
    ./build.sh --target=Deploy --config=workload.testbed.json

MIRROR_DIR is what tests/testbed/mirror/build.sh built (its mirror.json has the versions and the throwaway
signing keys' fingerprints); MIRROR_BASE_URL is where the hosts reach it (default: the local provider's
testbed, http://10.231.0.1:8081). Nothing in it depends on the hosts' release: Java and Python are chosen per
host (Debian 13: its Java 21 and Python 3.13; Debian 12: Java 17 for the mirror's Jenkins, Python 3.11), and
the app's Python packages come from the mirror's package index (Debian 13's code as wheels), because PyPI is
unreachable. The tests use the same script, so what they run is what a user runs.
"""
import json
import sys


def main(argv):
    if len(argv) not in (2, 3):
        sys.exit(__doc__)
    with open(f"{argv[1]}/mirror.json", encoding="utf-8") as handle:
        mirror = json.load(handle)
    base = (argv[2] if len(argv) == 3 else "http://10.231.0.1:8081").rstrip("/")
    dashboard = mirror["dashboard"]
    checker = mirror["dependency_check"]
    config = {
        "provider": "local",
        "jenkinsKeyUrl": f"{base}/{mirror['jenkins']['key']['path']}",
        "jenkinsKeyFingerprint": mirror["jenkins"]["key"]["fingerprint"],
        "jenkinsRepositoryUrl": f"{base}/{mirror['jenkins']['repo_path']}",
        "jenkinsPluginManagerUrl": f"{base}/{mirror['jenkins_plugin_manager']['path']}",
        "jenkinsUpdateCenterUrl": f"{base}/{mirror['jenkins_update_center']['path']}",
        "jenkinsDependencyCheckBaseUrl": f"{base}/{checker['download_base_path']}",
        "jenkinsDependencyCheckVersion": checker["default_version"],
        "jenkinsDependencyCheckSha256": checker["versions"][checker["default_version"]]["sha256"],
        "appRepository": f"{base}/{mirror['app']['path']}",
        "appRef": mirror["app"]["branch"],
        "pipIndexUrl": f"{base}/{mirror['python_index']['path']}/",
        "appExtraPackages": ["gunicorn"],
        "nodeExporterVersion": mirror["node_exporter"]["default_version"],
        "nodeExporterBaseUrl": f"{base}/{mirror['node_exporter']['download_base_path']}",
        "prometheusVersion": mirror["prometheus"]["default_version"],
        "prometheusBaseUrl": f"{base}/{mirror['prometheus']['download_base_path']}",
        "grafanaKeyUrl": f"{base}/{mirror['grafana']['key']['path']}",
        "grafanaKeyFingerprint": mirror["grafana"]["key"]["fingerprint"],
        "grafanaRepositoryUrl": f"{base}/{mirror['grafana']['repo_path']}",
        "grafanaDashboardId": dashboard["id"],
        "grafanaDashboardRevision": dashboard["revision"],
        "grafanaDashboardBaseUrl": f"{base}/{dashboard['path'].split('/' + str(dashboard['id']) + '/')[0]}",
        "grafanaDashboardSha256": dashboard["sha256"],
    }
    json.dump(config, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv)
