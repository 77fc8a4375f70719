using System.Text.Json;
using Cake.Core.Diagnostics;
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

[TaskName(nameof(GrafanaDashboard))]
[TaskDescription("Provisions the Prometheus data source and the Node Exporter Full dashboard in Grafana.")]
[IsDependentOn(typeof(Monitoring))]
public sealed class GrafanaDashboard : HostTask, IHasRequirements, IDeclaresDownloads, IUploadsDashboardFile
{
    /// <summary>
    /// Under /etc/grafana: the package's postinst re-owns /var/lib/grafana to grafana:grafana on every upgrade, so
    /// files there would drift from root:grafana 0640 after each apt upgrade; /etc/grafana it sets to root:grafana,
    /// files 0640, directories 0755, which is what the tool wants too.
    /// </summary>
    public const string DashboardDirectory = "/etc/grafana/dashboards/microblog-workload";

    /// <summary>Where earlier versions of the tool provisioned the dashboard.</summary>
    public const string FormerDashboardDirectory = "/var/lib/grafana/dashboards/microblog-workload";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

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
        var uid = DashboardSource.UidOf(dashboard, settings);
        var grafana = new FileOwnership("root", "grafana", "0640");
        var dataSource = new ManagedFile(
            "/etc/grafana/provisioning/datasources/microblog-workload.yaml",
            context.Templates.Render("grafana/datasource.yaml", DataSourceModel(settings)),
            grafana);
        var provider = new ManagedFile(
            "/etc/grafana/provisioning/dashboards/microblog-workload.yaml",
            context.Templates.Render("grafana/dashboards.yaml", new { Path = DashboardDirectory }),
            grafana);
        return
        [
            dataSource,
            provider,
            new ManagedDirectory("/etc/grafana/dashboards", new FileOwnership("root", "grafana", "0755")),
            new ManagedDirectory(DashboardDirectory, new FileOwnership("root", "grafana", "0755")),
            new ManagedFile($"{DashboardDirectory}/{uid}.json", dashboard.ToJsonString(Indented) + "\n", grafana),
            new AbsentPath(FormerDashboardDirectory, "where earlier versions provisioned the dashboard; package upgrades re-own it"),

            // Grafana reads data sources and dashboard providers when it starts; dashboards it polls.
            new SystemdService("grafana-server", restartWhen: [dataSource, provider]),
        ];
    }

    /// <summary>
    /// What templates/grafana/datasource.yaml is rendered with. The data source's timeInterval is Prometheus' scrape
    /// interval, as dashboard 1860's README asks: Grafana's $__rate_interval then never spans less than one scrape.
    /// </summary>
    public static object DataSourceModel(Configuration.WorkloadSettings settings) => new
    {
        Uid = DashboardSource.DataSourceUid,
        Url = "http://" + ListenAddress.Local(settings.PrometheusListenAddress),
        TimeInterval = settings.PrometheusScrapeInterval,
    };

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, HostPlan plan, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        await HttpChecks.WaitForStatusAsync(host, context.Log, "Grafana", $"http://127.0.0.1:{settings.GrafanaPort}/api/health", 200, TimeSpan.FromSeconds(settings.GrafanaStartTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        await GrafanaChecks.RequireDataSourceAndDashboardAsync(context, host, DashboardUid(plan), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The uid of the dashboard the plan provisions: its file is <c>DashboardDirectory/UID.json</c>.</summary>
    public static string DashboardUid(HostPlan plan) =>
        plan.Items.Select(item => item.Resource).OfType<ManagedFile>()
            .Select(file => file.Path)
            .Single(path => path.StartsWith(DashboardDirectory + "/", StringComparison.Ordinal) && path.EndsWith(".json", StringComparison.Ordinal))
            [(DashboardDirectory.Length + 1)..^".json".Length];
}
