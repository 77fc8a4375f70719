using Cake.Core.Diagnostics;
using Workload.Hosts;

namespace Workload.Observability;

/// <summary>
/// Grafana applies admin_password only when it creates its database; a password set or changed later is applied
/// with grafana's own CLI, so the admin always logs in with grafanaAdminPassword and never with admin/admin.
/// </summary>
public static class GrafanaAdmin
{
    public static async Task EnsurePasswordAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var password = settings.GrafanaAdminPassword!.Reveal();
        var url = $"http://127.0.0.1:{settings.GrafanaPort}/api/user";
        if (await LogsInAsync(host, url, settings.GrafanaAdminUser, password, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        context.Log.Information("{0}: Grafana's stored admin password differs from grafanaAdminPassword; resetting it with grafana cli.", host.Name);
        var reset = await host.RunAsync(
            "runuser -u grafana -- grafana cli admin reset-admin-password --password-from-stdin",
            new CommandOptions(Input: System.Text.Encoding.UTF8.GetBytes(password + "\n")),
            cancellationToken).ConfigureAwait(false);
        reset.EnsureSuccess(host.Name, "Resetting Grafana's admin password");
        if (!await LogsInAsync(host, url, settings.GrafanaAdminUser, password, cancellationToken).ConfigureAwait(false))
        {
            throw new HostCommandException(host.Name, $"Logging in to Grafana as {settings.GrafanaAdminUser} after resetting the password", reset);
        }
    }

    private static async Task<bool> LogsInAsync(IHostShell host, string url, string user, string password, CancellationToken cancellationToken) =>
        HttpChecks.JsonBody(await HttpChecks.GetWithBasicAuthAsync(host, url, user, password, cancellationToken).ConfigureAwait(false))?["login"]?.GetValue<string>() == user;
}
