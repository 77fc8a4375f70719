using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Observability;

/// <summary>
/// Grafana's admin login, part of the check: Grafana applies admin_password only when it creates its database,
/// and afterwards keeps the password there, so a password changed in its UI would otherwise go unnoticed for ever.
/// The probe logs in as grafanaAdminUser with the password the tool keeps in <see cref="Monitoring.GrafanaPasswordFile"/>
/// (read on the host, never on a command line); a refused login, or a new grafanaAdminPassword, plans setting the
/// password back with Grafana's own CLI. A grafanaAdminUser that is not Grafana's admin is refused clearly.
/// </summary>
public sealed class GrafanaAdminLogin(WorkloadSettings settings, ICakeLog log, Resource passwordFile) : Resource
{
    private string User => settings.GrafanaAdminUser;

    public override string Description => $"Grafana admin login {User}";

    public override string Probe()
    {
        var url = $"http://127.0.0.1:{settings.GrafanaPort}";

        // The password goes from the file to curl's configuration through shell built-ins, never a process's arguments.
        return $"if [ -r {Monitoring.GrafanaPasswordFile} ] && curl -fs --max-time 5 -o /dev/null {url}/api/health; then\n" +
            $"  {{\n{HttpChecks.CurlUserFromFile(User, Monitoring.GrafanaPasswordFile)}\n  }} | curl -s --max-time 10 --config - -o /dev/null -w 'login=%{{http_code}}\\n' {url}/api/user\n" +
            "else echo login=unknown; fi";
    }

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(state);
        if (state.HasChanges(passwordFile) && facts.Get("login") != "unknown")
        {
            return [new Change($"set the password of Grafana's admin {User} to the new grafanaAdminPassword (Grafana reads admin_password only when it creates its database)", null, ApplyAsync)];
        }

        return facts.Get("login") == "401"
            ? [new Change($"set the password of Grafana's admin {User} back to grafanaAdminPassword: Grafana's stored one differs (changed in its UI or API)", null, ApplyAsync)]
            : [];
    }

    /// <summary>
    /// Makes grafanaAdminUser log in with grafanaAdminPassword: when it does not, the password of Grafana's first admin
    /// (user id 1, the one admin_user named when the database was created) is set with <c>grafana cli</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">grafanaAdminUser is not that admin: renaming a user is for its owner to decide.</exception>
    public static async Task EnsureAsync(WorkloadSettings settings, ICakeLog log, IHostShell host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(host);
        var password = settings.GrafanaAdminPassword!.Reveal();
        var url = $"http://127.0.0.1:{settings.GrafanaPort}/api/user";
        await HttpChecks.WaitForStatusAsync(host, log, "Grafana", $"http://127.0.0.1:{settings.GrafanaPort}/api/health", 200, TimeSpan.FromSeconds(settings.GrafanaStartTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        if (await LogsInAsync(host, url, settings.GrafanaAdminUser, password, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        log.Information("{0}: Grafana's stored admin password differs from grafanaAdminPassword; setting it with grafana cli.", host.Name);
        var reset = await host.RunAsync(
            "runuser -u grafana -- grafana cli admin reset-admin-password --password-from-stdin",
            new CommandOptions(Input: System.Text.Encoding.UTF8.GetBytes(password + "\n")),
            cancellationToken).ConfigureAwait(false);
        reset.EnsureSuccess(host.Name, "Setting Grafana's admin password with grafana cli");
        if (!await LogsInAsync(host, url, settings.GrafanaAdminUser, password, cancellationToken).ConfigureAwait(false))
        {
            throw new InvalidOperationException(
                $"grafanaAdminUser: '{settings.GrafanaAdminUser}' cannot log in to Grafana on {host.Name}, though Grafana's first admin (user id 1) now has grafanaAdminPassword. " +
                "Grafana takes admin_user from grafana.ini only when it creates its database, so a changed grafanaAdminUser does not rename its admin. " +
                "Set grafanaAdminUser back to that admin's login (admin unless it was set otherwise when Grafana first started), " +
                $"or rename that user to '{settings.GrafanaAdminUser}' in Grafana (Administration, Users), and re-run.");
        }
    }

    private Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken) => EnsureAsync(settings, log, shell, cancellationToken);

    private static async Task<bool> LogsInAsync(IHostShell host, string url, string user, string password, CancellationToken cancellationToken) =>
        HttpChecks.JsonBody(await HttpChecks.GetWithBasicAuthAsync(host, url, user, password, cancellationToken).ConfigureAwait(false))?["login"]?.GetValue<string>() == user;
}
