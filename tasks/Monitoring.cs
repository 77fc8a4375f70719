using Workload.Configuration;
using Workload.Context;
using Workload.Downloads;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Observability;
using Workload.Preflight;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(Monitoring))]
[TaskDescription("Installs Prometheus (scraping the Jenkins host's node exporter) and Grafana on the monitoring host.")]
[IsDependentOn(typeof(ProvisionMonitoring))]
public sealed class Monitoring : HostTask, IHasRequirements, IDeclaresDownloads
{
    public const string PrometheusConfig = "/etc/prometheus/prometheus.yml";
    public const string GrafanaPasswordFile = "/etc/grafana/admin-password";

    protected override HostRole Role => HostRole.Monitoring;

    public IEnumerable<string> UnmetRequirements(WorkloadContext context)
    {
        if (context.Settings.GrafanaAdminPassword is null)
        {
            yield return "grafanaAdminPassword: required by Monitoring (Grafana must not keep admin/admin): set the environment variable WORKLOAD_GRAFANA_ADMIN_PASSWORD";
        }
    }

    public IEnumerable<Download> Downloads(WorkloadContext context)
    {
        var settings = context.Settings;
        return
        [
            .. Download.Release("prometheusBaseUrl", settings.PrometheusBaseUrl, "prometheus", settings.PrometheusVersion, settings.Architecture, settings.PrometheusSha256, HostRole.Monitoring),
            .. Download.SignedAptRepository(("grafanaKeyUrl", settings.GrafanaKeyUrl), ("grafanaRepositoryUrl", settings.GrafanaRepositoryUrl), "stable main", "Grafana", HostRole.Monitoring),
        ];
    }

    protected override IReadOnlyList<Resource> Resources(WorkloadContext context) =>
        [.. PrometheusResources(context), .. GrafanaResources(context)];

    private static IReadOnlyList<Resource> PrometheusResources(WorkloadContext context)
    {
        var settings = context.Settings;
        var binary = new FileOwnership("root", "root", "0755");
        var download = new PrometheusRelease(settings.PrometheusBaseUrl, "prometheus", settings.PrometheusVersion, settings.Architecture)
            .Install(settings.PrometheusSha256, ("prometheus", "/usr/local/bin/prometheus", binary), ("promtool", "/usr/local/bin/promtool", binary));
        var config = new ManagedFile(
            PrometheusConfig,
            context.Templates.Render("prometheus/prometheus.yml", PrometheusModel(settings, PrometheusTarget.NodeExporter(context))),
            new FileOwnership("root", "prometheus", "0640"),
            new FileValidation.Standalone("/usr/local/bin/promtool check config {path}", "promtool check config"));
        var unit = new ManagedFile(
            "/etc/systemd/system/prometheus.service",
            context.Templates.Render("systemd/prometheus.service", new { Retention = settings.PrometheusRetention, ListenAddress = settings.PrometheusListenAddress }),
            validation: SystemdVerify.For("prometheus.service"));
        return
        [
            new AptPackages("curl", "ca-certificates", "gnupg"),
            new SystemUser("prometheus", "/var/lib/prometheus"),
            new ManagedDirectory("/etc/prometheus", new FileOwnership("root", "prometheus", "0755")),
            new ManagedDirectory("/var/lib/prometheus", new FileOwnership("prometheus", "prometheus", "0750")),
            download,
            config,
            unit,
            new SystemdService("prometheus", restartWhen: [download, unit], reloadWhen: [config]),
        ];
    }

    /// <summary>What templates/prometheus/prometheus.yml is rendered with.</summary>
    public static object PrometheusModel(Configuration.WorkloadSettings settings, string nodeExporterTarget) => new
    {
        ScrapeInterval = settings.PrometheusScrapeInterval,
        SelfTarget = ListenAddress.Local(settings.PrometheusListenAddress),
        NodeExporterTarget = nodeExporterTarget,
    };

    private static IReadOnlyList<Resource> GrafanaResources(WorkloadContext context)
    {
        var settings = context.Settings;
        var repository = AptRepository.Create("grafana", settings.GrafanaKeyUrl, settings.GrafanaKeyFingerprint, settings.GrafanaRepositoryUrl, "stable main");
        var password = new ManagedFile(
            GrafanaPasswordFile,
            (settings.GrafanaAdminPassword?.Reveal() ?? string.Empty) + "\n",
            new FileOwnership("root", "grafana", "0640"),
            sensitive: true);
        var ini = new ManagedFile(
            "/etc/grafana/grafana.ini",
            context.Templates.Render("grafana/grafana.ini", new { Port = settings.GrafanaPort, AdminUser = settings.GrafanaAdminUser, PasswordFile = GrafanaPasswordFile }),
            new FileOwnership("root", "grafana", "0640"));
        return
        [
            .. repository,
            new AptPackages(["grafana"], refreshAfter: repository),
            password,
            ini,
            new SystemdService("grafana-server", restartWhen: [password, ini]),
            new GrafanaAdminLogin(settings, context.Log, password),
        ];
    }

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var prometheus = $"http://{ListenAddress.Local(settings.PrometheusListenAddress)}";
        await HttpChecks.WaitForStatusAsync(host, context.Log, "Prometheus", prometheus + "/-/ready", 200, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        await GrafanaAdminLogin.EnsureAsync(settings, context.Log, host, cancellationToken).ConfigureAwait(false);
    }
}
