using System.Collections.Concurrent;
using System.Globalization;
using Cake.Core;

namespace Workload.Frosting;

/// <summary>
/// Tasks whose <c>ShouldRun</c> said no. The host asks <c>ShouldRun</c> inside the task's action (so a check that
/// fails is the task failing) and records the skip here, for the report. Tasks of different hosts skip at once.
/// </summary>
public sealed class SkippedTasks
{
    private readonly ConcurrentDictionary<string, string> _reasons = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string task, string reason) => _reasons[task] = reason;

    public bool TryGetReason(string task, out string reason) => _reasons.TryGetValue(task, out reason!);
}

/// <summary>
/// Prints Cake's report with the skipped tasks shown as skipped, with their reason and what their check cost, "in sync (0.12 s)" (Cake
/// prints no duration for a skipped task; a check that reached a host is not free, and a slow one should show).
/// </summary>
public sealed class SkipAwareReportPrinter(ICakeReportPrinter inner, SkippedTasks skipped, ConcurrentLanes lanes) : ICakeReportPrinter
{
    public void Write(CakeReport report)
    {
        var shown = new CakeReport();
        foreach (var entry in report)
        {
            if (entry.ExecutionStatus == CakeTaskExecutionStatus.Executed && skipped.TryGetReason(entry.TaskName, out var reason))
            {
                var checkedIn = lanes.TryGetDuration(entry.TaskName, out var own) ? own : entry.Duration;
                shown.AddSkipped(entry.TaskName, $"{reason} ({checkedIn.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s)");
            }
            else
            {
                shown.Add(entry.TaskName, entry.SkippedMessage, entry.Category, entry.Duration, entry.ExecutionStatus);
            }
        }

        inner.Write(shown);
    }

    public void WriteStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => inner.WriteStep(name, verbosity);

    public void WriteLifeCycleStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => inner.WriteLifeCycleStep(name, verbosity);

    public void WriteSkippedStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => inner.WriteSkippedStep(name, verbosity);
}
