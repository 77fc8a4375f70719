using Cake.Core.Diagnostics;
using Workload.Resources;

namespace Workload.Hosts;

/// <summary>Prints what a task changes or would change on a host: each change in words, files as unified diffs.</summary>
public static class PlanPrinter
{
    /// <summary>Prints the plan; the log masks the run's secrets in every line, diffs included.</summary>
    public static void Print(ICakeLog log, string task, HostPlan plan, bool planOnly)
    {
        var count = plan.Changes.Count;
        var verb = planOnly ? "would make" : "makes";
        log.Information("{0} on {1} {2} {3} change{4}:", task, plan.Host, verb, count, count == 1 ? string.Empty : "s");
        foreach (var change in plan.Changes)
        {
            log.Information("  ~ {0}", change.Summary);
            if (!string.IsNullOrEmpty(change.Diff))
            {
                foreach (var line in change.Diff.TrimEnd('\n').Split('\n'))
                {
                    log.Information("      {0}", line);
                }
            }
        }
    }
}
