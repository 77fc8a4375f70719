using Workload.Configuration;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Downloads;

/// <summary>
/// Checks downloads from the host that will fetch them, with the curl the host uses, in one round trip: for what
/// only the host's facts decide (a Java or Python repository of its distribution's choosing), before any change.
/// </summary>
public static class HostDownloadCheck
{
    /// <summary>Throws a <see cref="ConfigurationException"/> naming every download the host cannot fetch.</summary>
    public static async Task RequireReachableAsync(IHostShell host, WorkloadSettings settings, IReadOnlyList<Download> downloads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(downloads);
        var checkable = downloads.Where(d => d.IsCheckable).ToList();
        if (checkable.Count == 0)
        {
            return;
        }

        var script = new System.Text.StringBuilder();
        foreach (var (download, index) in checkable.Select((d, i) => (d, i)))
        {
            // A one-byte GET: some servers refuse HEAD. Any probe answering is enough.
            script.Append($"r{index}=fail; for u in {string.Join(' ', download.Probes.Select(Shell.Quote))}; do ")
                .Append($"if e=$(curl -fsS -o /dev/null -r 0-0 --max-time 15 \"$u\" 2>&1); then r{index}=ok; break; fi; done; ")
                .Append($"echo \"probe{index}=$r{index} $(printf '%s' \"$e\" | tail -n 1)\"\n");
        }

        var facts = await HostFacts.ReadAsync(host, script.ToString(), cancellationToken).ConfigureAwait(false);
        var problems = new List<string>();
        foreach (var (download, index) in checkable.Select((d, i) => (d, i)))
        {
            var answer = facts.Get($"probe{index}") ?? "fail (no answer)";
            if (!answer.StartsWith("ok", StringComparison.Ordinal))
            {
                var reason = answer.Length > 5 ? answer[5..].Trim() : "no answer";
                problems.Add(DownloadPreflight.Describe(download, $"the {host.Name} host cannot reach it ({reason})"));
            }
        }

        if (problems.Count > 0)
        {
            throw new ConfigurationException([.. problems, DownloadPreflight.Advice(settings)]);
        }
    }
}
