using System.Text.Json.Nodes;
using Workload.Context;
using Workload.Hosts;
using Workload.Common;

namespace Workload.Observability;

/// <summary>
/// What Grafana's HTTP API says about our data source and dashboard, asked as the admin on the monitoring host. A
/// dashboard Grafana serves is not enough: it serves one whose data source references do not resolve with 200, so
/// the references are checked against the data sources Grafana has.
/// </summary>
public static class GrafanaChecks
{
    /// <summary>
    /// Fails unless the data source answers its health check, the provisioned dashboard exists (it may take a poll to
    /// appear), and every data source reference in it resolves.
    /// </summary>
    public static async Task RequireDataSourceAndDashboardAsync(WorkloadContext context, IHostShell host, string dashboardUid, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var user = settings.GrafanaAdminUser;
        // The password the host keeps for Grafana (Monitoring writes it): the checks are reads, which the next run's
        // lock round trip can answer (SpeculativeReads) without the password in any saved script.
        var passwordFile = Monitoring.GrafanaPasswordFile;
        var api = $"http://127.0.0.1:{settings.GrafanaPort}/api";

        var health = await HttpChecks.ReadWithBasicAuthAsync(host, $"{api}/datasources/uid/{DashboardSource.DataSourceUid}/health", user, passwordFile, cancellationToken).ConfigureAwait(false);
        if (HttpChecks.JsonBody(health)?["status"]?.GetValue<string>() != "OK")
        {
            throw new HostCommandException(host.Name, $"Checking Grafana's data source {DashboardSource.DataSourceUid} (GET /api/datasources/uid/{DashboardSource.DataSourceUid}/health)", health);
        }

        var waiter = new Waiter(context.Log);
        CommandResult? dashboard = null;
        var served = await waiter.UntilAsync(
            host.Name,
            waiter.Clock.UtcNow.AddSeconds(90),
            TimeSpan.FromSeconds(3),
            async poll =>
            {
                dashboard = await HttpChecks.ReadWithBasicAuthAsync(host, $"{api}/dashboards/uid/{dashboardUid}", user, passwordFile, poll).ConfigureAwait(false);
                return HttpChecks.JsonBody(dashboard)?["dashboard"] is { } found && found["title"] is not null
                    ? WaitStep.Ready(found)
                    : WaitStep.Pending<JsonNode>($"waiting for Grafana to serve the provisioned dashboard {dashboardUid}");
            },
            _ => new HostCommandException(host.Name, $"Checking that Grafana serves the provisioned dashboard (GET /api/dashboards/uid/{dashboardUid})", dashboard!),
            cancellationToken).ConfigureAwait(false);
        await RequireReferencesResolveAsync(host, api, user, passwordFile, dashboardUid, served, cancellationToken).ConfigureAwait(false);
    }

    private static async Task RequireReferencesResolveAsync(IHostShell host, string api, string user, string passwordFile, string dashboardUid, JsonNode dashboard, CancellationToken cancellationToken)
    {
        var listed = await HttpChecks.ReadWithBasicAuthAsync(host, $"{api}/datasources", user, passwordFile, cancellationToken).ConfigureAwait(false);
        var dataSources = HttpChecks.JsonBody(listed)?.AsArray()
            ?? throw new HostCommandException(host.Name, "Listing Grafana's data sources (GET /api/datasources)", listed);
        var uids = dataSources.Select(d => d?["uid"]?.GetValue<string>()).OfType<string>().ToList();
        var names = dataSources.Select(d => d?["name"]?.GetValue<string>()).OfType<string>().ToList();
        var unresolved = DashboardReferences.Unresolved(dashboard, uids, names);
        if (unresolved.Count > 0)
        {
            throw new InvalidOperationException(
                $"Grafana on {host.Name} serves the dashboard {dashboardUid}, but its panels refer to data sources it does not have: {string.Join("; ", unresolved)} " +
                $"(its data sources: {string.Join(", ", uids)}). Its panels would show errors; check grafanaDashboardFile or the dashboard's __inputs.");
        }
    }
}
