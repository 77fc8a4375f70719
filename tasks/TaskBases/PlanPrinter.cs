using Cake.Core.Diagnostics;
using Workload.Resources;

namespace Workload.TaskBases;

/// <summary>Prints what a task changes or would change on a host: each change in words, files as unified diffs.</summary>
public static class PlanPrinter
{
    /// <summary>Prints the plan; the log masks the run's secrets in every line, diffs included.</summary>
    public static void Print(ICakeLog log, string task, HostPlan plan, bool planOnly)
    {
        // One write for the whole plan: another host's lines, printed at the same time, never land inside it.
        var count = plan.Changes.Count;
        var verb = planOnly ? "would make" : "makes";
        var text = new System.Text.StringBuilder($"{task} on {plan.Host} {verb} {count} change{(count == 1 ? string.Empty : "s")}:");
        foreach (var change in plan.Changes)
        {
            text.Append("\n  ~ ").Append(change.Summary);
            if (!string.IsNullOrEmpty(change.Diff))
            {
                foreach (var line in change.Diff.TrimEnd('\n').Split('\n'))
                {
                    text.Append("\n      ").Append(line);
                }
            }
        }

        log.Information("{0}", text.ToString());
    }
}
