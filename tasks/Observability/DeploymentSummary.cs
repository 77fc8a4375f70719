using System.Text;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Context;
using Workload.Hosts;
using Workload.Jenkins;

namespace Workload.Observability;

/// <summary>
/// The table a user reads at the end of a deployment: where each service is, what this run changed, and where each
/// secret lives (never the secret). Also appended to the GitHub Actions job summary when there is one.
/// </summary>
public static class DeploymentSummary
{
    public static void Print(WorkloadContext context, bool verified)
    {
        var settings = context.Settings;
        var state = context.StateStore.Load();
        string Address(HostRole role) =>
            state.Hosts.TryGetValue(HostSessions.RoleName(role), out var record) ? record.PublicAddress : $"<{HostSessions.RoleName(role)} host>";
        var jenkins = Address(HostRole.Jenkins);
        var monitoring = Address(HostRole.Monitoring);
        var prometheusPort = ListenAddress.Port(settings.PrometheusListenAddress);

        var services = new List<(string, string)>
        {
            ("service", "URL"),
            ("app (nginx -> gunicorn)", $"http://{jenkins}/"),
            ("Jenkins", $"http://{jenkins}:{settings.JenkinsPort}/"),
            ("node exporter", $"http://{jenkins}:{ListenAddress.Port(settings.NodeExporterListenAddress)}/metrics"),
            ("Prometheus", $"http://{monitoring}:{prometheusPort}/"),
            ("Grafana", $"http://{monitoring}:{settings.GrafanaPort}/ (user {settings.GrafanaAdminUser})"),
        };
        services.AddRange(context.Journal.Services);
        var changes = new List<(string, string)> { ("task", "this run") };
        changes.AddRange(context.Journal.Entries.Select(e => (e.Task, Outcome(e.Outcome, e.Changes.Count))));
        var secrets = new List<(string, string)>
        {
            ("secret", "where it lives"),
            ("Jenkins admin password", settings.JenkinsAdminPassword is null
                ? $"not set: the setup wizard's initial password is in {InstallJenkins.InitialPasswordFile} on the jenkins host"
                : $"environment WORKLOAD_JENKINS_ADMIN_PASSWORD; on the jenkins host {InstallJenkins.AdminPasswordFile} (root, 0600)"),
            ("Grafana admin password", $"environment WORKLOAD_GRAFANA_ADMIN_PASSWORD; on the monitoring host {Monitoring.GrafanaPasswordFile} (root:grafana, 0640)"),
            ("NVD API key", NvdKey.Whereabouts(settings)),
            ("app SECRET_KEY", $"generated on the jenkins host, never copied: {settings.AppEnvironmentFile} ({settings.AppUser}, 0600)"),
            ("SSH private key", $"{Path.GetFullPath(settings.SshPrivateKey)} on this machine (0600)"),
        };

        var title = verified ? "Deployment verified" : "Deployment plan (nothing was changed)";
        context.Log.Information(string.Empty);
        context.Log.Information("{0}", title);
        foreach (var table in new[] { services, changes, secrets })
        {
            foreach (var line in Rows(table))
            {
                context.Log.Information("  {0}", line);
            }

            context.Log.Information(string.Empty);
        }

        Validation.StepSummary.Append(context, context.Masker, Markdown(title, services, changes, secrets));
    }

    private static string Outcome(TaskOutcome outcome, int changes) => outcome switch
    {
        TaskOutcome.InSync => "in sync",
        TaskOutcome.Changed => $"changed ({changes} change{(changes == 1 ? string.Empty : "s")})",
        TaskOutcome.Pending => $"{changes} change{(changes == 1 ? string.Empty : "s")} pending",
        _ => "ran",
    };

    private static IEnumerable<string> Rows(List<(string Key, string Value)> table)
    {
        var width = table.Max(r => r.Key.Length);
        foreach (var (row, index) in table.Select((r, i) => (r, i)))
        {
            yield return row.Key.PadRight(width) + "  " + row.Value;
            if (index == 0)
            {
                yield return new string('-', width) + "  " + new string('-', table.Max(r => r.Value.Length));
            }
        }
    }

    private static string Markdown(string title, params List<(string Key, string Value)>[] tables)
    {
        var text = new StringBuilder($"### {title}\n\n");
        foreach (var table in tables)
        {
            text.Append($"| {table[0].Key} | {table[0].Value} |\n|---|---|\n");
            foreach (var row in table.Skip(1))
            {
                text.Append($"| {row.Key} | {row.Value.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
