using Workload.Hosts;

namespace Workload.Resources;

/// <summary>
/// A symbolic link pointing at a target, or (with a null target) a path that must not exist, such as a
/// site nginx must not serve. Optionally checked in place, with the previous state restored when the check fails.
/// </summary>
public sealed class Symlink(string path, string? target, FileValidation.InPlace? validation = null) : NotifyingResource
{
    public string Path { get; } = path;

    public override string Description => Target is null ? $"{Path} (absent)" : $"link {Path} -> {Target}";

    public string? Target { get; } = target;

    public override string Probe()
    {
        var quoted = Shell.Quote(Path);
        return $"if [ -L {quoted} ]; then echo kind=link; echo target=$(readlink {quoted}); elif [ -e {quoted} ]; then echo kind=other; else echo kind=none; fi";
    }

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var kind = facts.Get("kind");
        if (Target is null)
        {
            return kind == "none" ? [] : [new Change($"remove {Path}", null, ApplyAsync) { Action = "remove" }];
        }

        if (kind == "link" && facts.Get("target") == Target)
        {
            return [];
        }

        if (kind == "other")
        {
            throw new InvalidOperationException($"{Path} exists and is not a symbolic link; move it aside so it can link to {Target}.");
        }

        return [new Change(kind == "none" ? $"create {Description}" : $"point {Path} at {Target} (was {facts.Get("target")})", null, ApplyAsync) { Action = kind == "none" ? "create" : "repoint" }];
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var quoted = Shell.Quote(Path);
        // The previous link is kept beside the new one while the check runs, under a hidden name: a checker that
        // includes the directory's files (nginx: sites-enabled/*) must see the new state alone, not both.
        var saved = Shell.Quote(TemporaryCopies.Previous(Path));
        var change = Target is null ? $"mv -f {quoted} {saved}" : $"if [ -L {quoted} ]; then mv -f {quoted} {saved}; fi; ln -s {Shell.Quote(Target)} {quoted}";
        var restore = $"rm -f {quoted}; if [ -L {saved} ] || [ -e {saved} ]; then mv -f {saved} {quoted}; fi";
        var check = validation is null
            ? string.Empty
            : $"if ! {validation.Command} >&2; then {restore}; exit {FileInstallScript.ValidationFailed}; fi\n";
        var script = $"set -e\nrm -f {saved}\n{Markers.Touch(MarkersToTouch)}{change}\n{check}rm -f {saved}\n";
        var result = await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == FileInstallScript.ValidationFailed)
        {
            throw new HostCommandException(shell.Name, $"Validating after changing {Description} ({validation!.Description}); the previous state was restored, and", result);
        }

        result.EnsureSuccess(shell.Name, $"Changing {Description}");
    }
}
