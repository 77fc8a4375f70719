using System.Text.Json;
using Cake.Core.Diagnostics;
using Workload.Downloads;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Observability;
using Workload.Providers;
using Workload.Resources;

namespace Workload;

[TaskName(nameof(GrafanaDashboard))]
[TaskDescription("Provisions the Prometheus data source and the Node Exporter Full dashboard in Grafana.")]
[IsDependentOn(typeof(Monitoring))]
public sealed class GrafanaDashboard : HostTask, IHasRequirements, IDeclaresDownloads
{
    public const string DashboardDirectory = "/var/lib/grafana/dashboards/microblog-workload";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private string? _dashboardUid;

    protected override HostRole Role => HostRole.Monitoring;

    public IEnumerable<string> UnmetRequirements(WorkloadContext context) => new Monitoring().UnmetRequirements(context);

    public IEnumerable<Download> Downloads(WorkloadContext context)
    {
        // This machine downloads it once, then reads it from its cache (or from grafanaDashboardFile).
        var settings = context.Settings;
        if (settings.GrafanaDashboardFile is null && !File.Exists(DashboardSource.CachedFile(settings)))
        {
            yield return Download.File("grafanaDashboardBaseUrl", DashboardSource.Url(settings), $"dashboard {settings.GrafanaDashboardId} revision {settings.GrafanaDashboardRevision}", null);
        }
    }

    protected override async Task<IReadOnlyList<Resource>> ResourcesAsync(WorkloadContext context, IHostShell host)
    {
        var settings = context.Settings;
        var dashboard = await DashboardSource.LoadAsync(settings, line => context.Log.Information("{0}", line), context.CancellationToken).ConfigureAwait(false);
        var uid = _dashboardUid = dashboard["uid"]?.GetValue<string>() ?? throw new InvalidOperationException("The dashboard JSON has no uid.");
        var grafana = new FileOwnership("root", "grafana", "0640");
        var dataSource = new ManagedFile(
            "/etc/grafana/provisioning/datasources/microblog-workload.yaml",
            context.Templates.Render("grafana/datasource.yaml", new { Uid = DashboardSource.DataSourceUid, Url = "http://" + ListenAddress.Local(settings.PrometheusListenAddress) }),
            grafana);
        var provider = new ManagedFile(
            "/etc/grafana/provisioning/dashboards/microblog-workload.yaml",
            context.Templates.Render("grafana/dashboards.yaml", new { Path = DashboardDirectory }),
            grafana);
        return
        [
            dataSource,
            provider,
            new ManagedDirectory(DashboardDirectory, new FileOwnership("root", "grafana", "0755")),
            new ManagedFile($"{DashboardDirectory}/{uid}.json", dashboard.ToJsonString(Indented) + "\n", grafana),

            // Grafana reads data sources and dashboard providers when it starts; dashboards it polls.
            new SystemdService("grafana-server", restartWhen: [dataSource, provider]),
        ];
    }

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        await HttpChecks.WaitForStatusAsync(host, context.Log, "Grafana", $"http://127.0.0.1:{settings.GrafanaPort}/api/health", 200, TimeSpan.FromSeconds(settings.GrafanaStartTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        await GrafanaChecks.RequireDataSourceAndDashboardAsync(context, host, _dashboardUid!, cancellationToken).ConfigureAwait(false);
    }
}
