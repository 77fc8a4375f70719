using Workload.Hosts;

namespace Workload.Resources;

/// <summary>A path that must not exist: something an earlier version of the tool made there and no longer uses.</summary>
public sealed class AbsentPath(string path, string reason) : Resource
{
    public string Path { get; } = path;

    public override string Description => $"{Path} ({reason})";

    public override string Probe() => $"if [ -e {Shell.Quote(Path)} ] || [ -L {Shell.Quote(Path)} ]; then echo exists=1; fi";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.IsTrue("exists") ? [new Change($"remove {Description}", null, ApplyAsync) { Action = "remove" }] : [];
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken) =>
        (await shell.RunAsync($"rm -rf -- {Shell.Quote(Path)}", cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(shell.Name, $"Removing {Path}");
}
