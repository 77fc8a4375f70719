namespace Workload.Context;

/// <summary>What one task did in this run.</summary>
public enum TaskOutcome
{
    /// <summary>The host already matched; nothing was changed.</summary>
    InSync,

    /// <summary>Changes were made.</summary>
    Changed,

    /// <summary>Plan mode: changes would be made.</summary>
    Pending,

    /// <summary>A local task (validation) that ran.</summary>
    Ran,
}

/// <summary>
/// The run's record of each task's outcome and the changes it made or would make. Tasks of different hosts record at
/// the same time; the record reads in the graph's order (<see cref="UseOrder"/>), whatever order they finished in.
/// </summary>
public sealed class RunJournal
{
    private readonly List<(string Task, TaskOutcome Outcome, IReadOnlyList<string> Changes)> _entries = [];
    private readonly Lock _gate = new();
    private Dictionary<string, int> _order = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<(string Task, TaskOutcome Outcome, IReadOnlyList<string> Changes)> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries.Select((entry, index) => (entry, index))
                    .OrderBy(e => _order.TryGetValue(e.entry.Task, out var position) ? position : int.MaxValue)
                    .ThenBy(e => e.index)
                    .Select(e => e.entry)];
            }
        }
    }

    public bool HasPendingChanges => Entries.Any(e => e.Outcome == TaskOutcome.Pending);

    /// <summary>Rows a task adds to the summary's table of services (the Jenkins job, its last build).</summary>
    public List<(string Name, string Value)> Services { get; } = [];

    /// <summary>The order the graph runs the tasks in (Cake's), which the record keeps.</summary>
    public void UseOrder(IEnumerable<string> tasks)
    {
        lock (_gate)
        {
            _order = tasks.Select((task, index) => (task, index)).ToDictionary(t => t.task, t => t.index, StringComparer.OrdinalIgnoreCase);
        }
    }

    public void Record(string task, TaskOutcome outcome, IReadOnlyList<string>? changes = null)
    {
        lock (_gate)
        {
            _entries.Add((task, outcome, changes ?? []));
        }
    }

    /// <summary>The host and the changes in detail (kind, target, diff) of the tasks that describe their changes (a host task; null for this machine), for the JSON report and saved plans.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, (string? Host, IReadOnlyList<JournalChange> Changes)> Details { get; } = new(StringComparer.Ordinal);
}

/// <summary>One change as the JSON plan and report show it.</summary>
/// <param name="Summary">The change in words, as the text plan shows it.</param>
/// <param name="Kind">The kind of resource changed (managed-file, apt-packages, systemd-service...).</param>
/// <param name="Target">The resource changed, in words (a file's path, a package list, a unit).</param>
/// <param name="Diff">A unified diff for file contents, or null.</param>
public sealed record JournalChange(string Summary, string Kind, string Target, string? Diff);
