namespace Workload.Docker;

/// <summary>Options of <c>docker rm</c>.</summary>
public sealed class DockerRmSettings : DockerSettings
{
    /// <summary><c>--force</c>: also remove running containers.</summary>
    public bool Force { get; set; }

    /// <summary><c>--volumes</c>: also remove the container's anonymous volumes.</summary>
    public bool Volumes { get; set; }

    internal override IEnumerable<string> Options() => [.. Flag("--force", Force), .. Flag("--volumes", Volumes)];
}
