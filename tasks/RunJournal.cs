namespace Workload;

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

/// <summary>The run's record of each task's outcome and the changes it made or would make.</summary>
public sealed class RunJournal
{
    private readonly List<(string Task, TaskOutcome Outcome, IReadOnlyList<string> Changes)> _entries = [];

    public IReadOnlyList<(string Task, TaskOutcome Outcome, IReadOnlyList<string> Changes)> Entries => _entries;

    public bool HasPendingChanges => _entries.Any(e => e.Outcome == TaskOutcome.Pending);

    /// <summary>Rows a task adds to the summary's table of services (the Jenkins job, its last build).</summary>
    public List<(string Name, string Value)> Services { get; } = [];

    public void Record(string task, TaskOutcome outcome, IReadOnlyList<string>? changes = null) =>
        _entries.Add((task, outcome, changes ?? []));
}
