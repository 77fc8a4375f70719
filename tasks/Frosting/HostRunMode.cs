namespace Workload.Frosting;

/// <summary>How the host was asked to run: a dry run must not reach any host; the targets and --exclusive say which tasks run.</summary>
/// <param name="DryRun">--dryrun: list the tasks, run none.</param>
/// <param name="Exclusive">--exclusive: the targets without their dependencies.</param>
/// <param name="Targets">The targets, as given (the default target when none was).</param>
public sealed record HostRunMode(bool DryRun, bool Exclusive = false, IReadOnlyList<string>? Targets = null)
{
    public static HostRunMode Normal { get; } = new(false);
}
