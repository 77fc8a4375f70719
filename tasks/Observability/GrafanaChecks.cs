using Workload.Hosts;

namespace Workload.Observability;

/// <summary>What Grafana's HTTP API says about our data source and dashboard, asked as the admin on the monitoring host.</summary>
public static class GrafanaChecks
{
    /// <summary>Fails unless the data source answers its health check and the provisioned dashboard exists (it may take a poll to appear).</summary>
    public static async Task RequireDataSourceAndDashboardAsync(WorkloadContext context, IHostShell host, string dashboardUid, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var user = settings.GrafanaAdminUser;
        var password = settings.GrafanaAdminPassword!.Reveal();
        var api = $"http://127.0.0.1:{settings.GrafanaPort}/api";

        var health = await HttpChecks.GetWithBasicAuthAsync(host, $"{api}/datasources/uid/{DashboardSource.DataSourceUid}/health", user, password, cancellationToken).ConfigureAwait(false);
        if (HttpChecks.JsonBody(health)?["status"]?.GetValue<string>() != "OK")
        {
            throw new HostCommandException(host.Name, $"Checking Grafana's data source {DashboardSource.DataSourceUid} (GET /api/datasources/uid/{DashboardSource.DataSourceUid}/health)", health);
        }

        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var dashboard = await HttpChecks.GetWithBasicAuthAsync(host, $"{api}/dashboards/uid/{dashboardUid}", user, password, cancellationToken).ConfigureAwait(false);
            if (HttpChecks.JsonBody(dashboard)?["dashboard"]?["title"] is not null)
            {
                return;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new HostCommandException(host.Name, $"Checking that Grafana serves the provisioned dashboard (GET /api/dashboards/uid/{dashboardUid})", dashboard);
            }

            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        }
    }
}
