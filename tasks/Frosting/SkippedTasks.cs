using System.Collections.Concurrent;
using System.Globalization;
using Cake.Core;
using Spectre.Console;
using Spectre.Console.Rendering;

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
/// Prints Cake's report as Cake.Cli's printer does (a task per row: duration, status, skip reason), with two
/// differences: a task whose check said "nothing to do" is Skipped with its reason and the time its check took (Cake
/// prints "-": a check that reached a host is not free, and a slow one should show), and a task's name never wraps
/// (the tests and a reader find a task by its name; a piped run is 80 columns wide). The headers of each task stay
/// Cake.Cli's.
/// </summary>
public sealed class SkipAwareReportPrinter(ICakeReportPrinter inner, SkippedTasks skipped, ConcurrentLanes lanes, IAnsiConsole console) : ICakeReportPrinter
{
    public void Write(CakeReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var rows = report.Select(entry => entry.ExecutionStatus == CakeTaskExecutionStatus.Executed && skipped.TryGetReason(entry.TaskName, out var reason)
                ? (entry.TaskName, Duration: lanes.TryGetDuration(entry.TaskName, out var own) ? own : entry.Duration, Status: "Skipped", Reason: reason, entry.Category, Failed: false)
                : (entry.TaskName, entry.Duration, Status: entry.ExecutionStatus.ToReportStatus(), Reason: entry.SkippedMessage ?? string.Empty, entry.Category, Failed: entry.ExecutionStatus == CakeTaskExecutionStatus.Failed))
            .ToList();
        var withReasons = rows.Any(r => r.Reason.Length > 0);
        var green = new Style(Color.Green);
        var table = new Table().Border(TableBorder.SimpleHeavy).BorderStyle(green);
        table.AddColumn(new TableColumn(new Text("Task", green)).Footer(new Text("Total:", green)).NoWrap().PadRight(4));
        table.AddColumn(new TableColumn(new Text("Duration", green)).Footer(new Text(Time(rows.Aggregate(TimeSpan.Zero, (sum, r) => sum + (r.Status == "Skipped" ? TimeSpan.Zero : r.Duration))), green)).NoWrap());
        table.AddColumn(new TableColumn(new Text("Status", green)).NoWrap());
        if (withReasons)
        {
            table.AddColumn(new TableColumn(new Text("Skip Reason", green)));
        }

        foreach (var row in rows)
        {
            var style = row.Category is CakeReportEntryCategory.Setup or CakeReportEntryCategory.Teardown ? new Style(Color.Aqua)
                : row.Failed ? new Style(Color.Red)
                : row.Status == "Skipped" ? new Style(Color.Grey) : green;
            IRenderable[] cells = [new Text(row.TaskName, style), new Text(Time(row.Duration), style), new Text(row.Status, style)];
            table.AddRow(withReasons ? [.. cells, new Text(row.Reason, style)] : cells);
        }

        console.Write(table);
    }

    public void WriteStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => inner.WriteStep(name, verbosity);

    public void WriteLifeCycleStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => inner.WriteLifeCycleStep(name, verbosity);

    public void WriteSkippedStep(string name, Cake.Core.Diagnostics.Verbosity verbosity) => inner.WriteSkippedStep(name, verbosity);

    private static string Time(TimeSpan time) => time.ToString("c", CultureInfo.InvariantCulture);
}
