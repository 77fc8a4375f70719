namespace Workload.Frosting;

/// <summary>How the host was asked to run, for tasks whose checks are costly: a dry run must not reach any host.</summary>
public sealed record HostRunMode(bool DryRun)
{
    public static HostRunMode Normal { get; } = new(false);
}
