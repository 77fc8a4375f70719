using Workload.Hosts;

namespace Workload.Resources;

/// <summary>A directory with owner and mode (its parents are created root-owned when missing).</summary>
public sealed class ManagedDirectory(string path, FileOwnership? ownership = null) : Resource
{
    public string Path { get; } = path;

    public FileOwnership Ownership { get; } = ownership ?? FileOwnership.RootDirectory;

    public override string Description => $"directory {Path}";

    public override string Probe() => ProbeScripts.Stat(Shell.Quote(Path));

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        if (!facts.IsTrue("exists"))
        {
            return [new Change($"create {Description} ({Ownership})", null, ApplyAsync) { Action = "create" }];
        }

        if (facts.Get("type") != "directory")
        {
            throw new InvalidOperationException($"{Path} exists but is a {facts.Get("type")}, not a directory; remove it or change the setting that names it.");
        }

        return Ownership.Matches(facts) ? [] : [new Change($"set {Description}: {Ownership.Differences(facts)}", null, ApplyAsync) { Action = "set owner and mode" }];
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var script = $"install -d -o {Shell.Quote(Ownership.Owner)} -g {Shell.Quote(Ownership.Group)} -m {Ownership.Mode} {Shell.Quote(Path)}";
        (await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(shell.Name, $"Creating {Description}");
    }
}
