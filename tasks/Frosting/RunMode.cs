namespace Workload.Frosting;

/// <summary>How the command line asked the run to go: a dry run must not reach any host; the targets and --exclusive say which tasks run.</summary>
/// <param name="DryRun">--dryrun: list the tasks, run none.</param>
/// <param name="Exclusive">--exclusive: the targets without their dependencies.</param>
/// <param name="Targets">The targets, as given (the default target when none was).</param>
public sealed record RunMode(bool DryRun, bool Exclusive = false, IReadOnlyList<string>? Targets = null)
{
    public static RunMode Normal { get; } = new(false);
}
