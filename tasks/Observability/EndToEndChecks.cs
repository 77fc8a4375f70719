using Cake.Core.Diagnostics;
using Workload.Application;
using Workload.Configuration;
using Workload.Context;
using Workload.Hosts;
using Workload.Common;

namespace Workload.Observability;

/// <summary>
/// What a user checks after a deployment, checked for them: the app answers through nginx from outside; Prometheus
/// scrapes the Jenkins host's node exporter and finds it up; Grafana has its data source and dashboard; the
/// monitoring host listens on no port the workload does not need.
/// </summary>
public static class EndToEndChecks
{
    /// <summary>The only ports the monitoring host may listen on beyond loopback: SSH, Prometheus, Grafana.</summary>
    public static IReadOnlySet<int> MonitoringPorts(Configuration.WorkloadSettings settings) =>
        new HashSet<int> { settings.SshPort, ListenAddress.Port(settings.PrometheusListenAddress), settings.GrafanaPort };

    public static async Task RunAsync(WorkloadContext context)
    {
        var token = context.CancellationToken;
        // The checks are reads: in a run that changed nothing they are answered from the lock's round trip at the run's
        // start (SpeculativeReads), the state they check being the one the run leaves. Once any host may have changed,
        // every check asks its host now.
        context.Hosts.ForgetSpeculatedReadsIfAnyHostChanged();
        var jenkins = context.Hosts.EndpointFor(HostRole.Jenkins);
        IHostShell monitoring = await context.Hosts.GetAsync(HostRole.Monitoring, token).ConfigureAwait(false);
        var dashboard = await DashboardSource.LoadAsync(context.Settings, _ => { }, token).ConfigureAwait(false);
        var dashboardUid = DashboardSource.UidOf(dashboard, context.Settings);

        // Independent of each other: at once, each on a channel of its own (the first failure stops the rest).
        await Concurrently.RunAsync(
            [
                check => AppAnswersFromOutsideAsync(context, jenkins.Address, check),
                check => NodeExporterTargetIsUpAsync(context, monitoring, check),
                check => GrafanaChecks.RequireDataSourceAndDashboardAsync(context, monitoring, dashboardUid, check),
                check => OnlyNeededPortsAsync(context, monitoring, check),
            ],
            token).ConfigureAwait(false);
        context.Log.Information("End-to-end checks passed: the app answers through nginx, Prometheus scrapes the node exporter, Grafana has its data source and dashboard.");
    }

    private static async Task AppAnswersFromOutsideAsync(WorkloadContext context, string address, CancellationToken token)
    {
        var url = new Uri($"http://{address}/");
        using var client = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(15) };
        string page;
        try
        {
            page = await client.GetStringAsync(url, token).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException($"The app does not answer at {url} from this machine: {exception.Message}", exception);
        }

        if (!page.Contains(AppChecks.ExpectedTitle, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{url} answered, but not with the app's sign-in page ({AppChecks.ExpectedTitle}).");
        }
    }

    private static async Task NodeExporterTargetIsUpAsync(WorkloadContext context, IHostShell monitoring, CancellationToken token)
    {
        var target = PrometheusTarget.NodeExporter(context);
        var url = $"http://{ListenAddress.Local(context.Settings.PrometheusListenAddress)}/api/v1/targets";
        var waiter = new Waiter(context.Log);
        CommandResult? answer = null;
        string? health = null;
        await waiter.UntilAsync(
            monitoring.Name,
            waiter.Clock.UtcNow.AddSeconds(90),
            TimeSpan.FromSeconds(3),
            async poll =>
            {
                // A new target is scraped within one interval; until then its health is "unknown".
                answer = await monitoring.ReadAsync($"curl -s --max-time 10 -w '\\nstatus=%{{http_code}}' {Shell.Quote(url)}", poll).ConfigureAwait(false);
                health = HttpChecks.JsonBody(answer)?["data"]?["activeTargets"]?.AsArray()
                    .FirstOrDefault(t => t?["labels"]?["job"]?.GetValue<string>() == "node_exporter" && t["labels"]?["instance"]?.GetValue<string>() == target)?["health"]?.GetValue<string>();
                return health == "up" ? WaitStep.Ready(true) : WaitStep.Pending<bool>($"waiting for Prometheus to scrape the node exporter at {target} (health: {health ?? "no such target"})");
            },
            _ => new HostCommandException(monitoring.Name, $"Checking that Prometheus scrapes the node exporter at {target} (health: {health ?? "no such target"})", answer!),
            token).ConfigureAwait(false);
    }

    private static async Task OnlyNeededPortsAsync(WorkloadContext context, IHostShell monitoring, CancellationToken token)
    {
        var listeners = await monitoring.ReadAsync("ss -ltnH | awk '{print $4}'", token).ConfigureAwait(false);
        var allowed = MonitoringPorts(context.Settings);
        var extra = listeners.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(a => !a.StartsWith("127.", StringComparison.Ordinal) && !a.StartsWith("[::1]", StringComparison.Ordinal))
            .Where(a => !allowed.Contains(ListenAddress.Port(a)))
            .Distinct()
            .ToList();
        if (extra.Count > 0)
        {
            throw new InvalidOperationException(
                $"The monitoring host listens on {string.Join(", ", extra)} beyond what the workload needs ({string.Join(", ", allowed.Order())}).");
        }
    }
}
