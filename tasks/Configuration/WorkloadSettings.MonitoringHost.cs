namespace Workload.Configuration;

/// <summary>Settings of the monitoring host: Prometheus, Grafana, the dashboard.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("Prometheus", "Prometheus version (the workload used 2.37.0). Checked 2026-11-28: 3.15.0 (2026-09-24) is the newest release (github.com/prometheus/prometheus releases and CHANGELOG).")]
    [Format(ValueFormat.Version)]
    public string PrometheusVersion { get; init; } = "3.15.0";

    [Setting("Prometheus", "Base URL of Prometheus releases: {base}/v{version}/prometheus-{version}.linux-{arch}.tar.gz and sha256sums.txt.")]
    [Format(ValueFormat.Url)]
    public string PrometheusBaseUrl { get; init; } = "https://github.com/prometheus/prometheus/releases/download";

    [Setting("Prometheus", "Pinned SHA-256 of the Prometheus tarball; unset: taken from the release's sha256sums.txt.")]
    [Format(ValueFormat.Sha256)]
    public string? PrometheusSha256 { get; init; }

    [Setting("Prometheus", "How long Prometheus keeps samples.")]
    [Format(ValueFormat.Duration)]
    public string PrometheusRetention { get; init; } = "15d";

    [Setting("Prometheus", "How often Prometheus scrapes the node exporter.")]
    [Format(ValueFormat.Duration)]
    public string PrometheusScrapeInterval { get; init; } = "15s";

    [Setting("Prometheus", "Address Prometheus listens on.")]
    [Format(ValueFormat.ListenAddress)]
    public string PrometheusListenAddress { get; init; } = ":9090";

    [Setting("Prometheus", "host:port of the node exporter to scrape; unset: the Jenkins host's private address from the state file and the port of nodeExporterListenAddress.")]
    [Format(ValueFormat.HostAndPort)]
    public string? NodeExporterTarget { get; init; }

    [Setting("Grafana", "URL of Grafana's apt signing key: gpg-full.key, as Grafana's install guide (grafana.com/docs/grafana/latest/setup-grafana/installation/debian/) gives it, checked 2026-11-28; only the key of grafanaKeyFingerprint is kept from it.")]
    [Format(ValueFormat.Url)]
    public string GrafanaKeyUrl { get; init; } = "https://apt.grafana.com/gpg-full.key";

    [Setting("Grafana", "OpenPGP fingerprint Grafana's apt key must have: the key that signs apt.grafana.com since 2023-08-24, renewed after it expired on 2025-08-22 (same fingerprint; checked 2026-11-28 against grafana/grafana issue 110073 and public pins). An expired or revoked copy on a host is fetched again.")]
    [Format(ValueFormat.PgpFingerprint)]
    public string GrafanaKeyFingerprint { get; init; } = "B53AE77BADB630A683046005963FA27710458545";

    [Setting("Grafana", "Grafana's apt repository (suite stable, component main).")]
    [Format(ValueFormat.Url)]
    public string GrafanaRepositoryUrl { get; init; } = "https://apt.grafana.com";

    [Setting("Grafana", "Port Grafana listens on.")]
    [Format(ValueFormat.Port)]
    public int GrafanaPort { get; init; } = 3000;

    [Setting("Grafana", "Grafana's admin user (its password is the secret grafanaAdminPassword).")]
    [Format(ValueFormat.LoginName)]
    public string GrafanaAdminUser { get; init; } = "admin";

    [Setting("Grafana", "Seconds to wait for Grafana's /api/health after it (re)starts.")]
    [Range(10, 3600)]
    public int GrafanaStartTimeoutSeconds { get; init; } = 120;

    [Setting("Grafana", "grafana.com dashboard to provision (1860 is Node Exporter Full).")]
    [Range(1, int.MaxValue)]
    public int GrafanaDashboardId { get; init; } = 1860;

    [Setting("Grafana", "Pinned revision of the dashboard. Checked 2026-11-28: 45 is the newest revision of dashboard 1860 found in public pins (grafana.com itself could not be read from here).")]
    [Range(1, int.MaxValue)]
    public int GrafanaDashboardRevision { get; init; } = 45;

    [Setting("Grafana", "Base of grafana.com's dashboard API: {base}/{id}/revisions/{revision}/download.")]
    [Format(ValueFormat.Url)]
    public string GrafanaDashboardBaseUrl { get; init; } = "https://grafana.com/api/dashboards";

    [Setting("Grafana", "Pinned SHA-256 of the downloaded dashboard JSON; unset: any content is accepted and its digest is shown.")]
    [Format(ValueFormat.Sha256)]
    public string? GrafanaDashboardSha256 { get; init; }

    [Setting("Grafana", "A local dashboard JSON file to use instead of downloading it (for machines without internet).")]
    [Format(ValueFormat.ExistingFile)]
    public string? GrafanaDashboardFile { get; init; }
}
