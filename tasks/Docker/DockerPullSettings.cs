namespace Workload.Docker;

/// <summary>Options of <c>docker pull</c>.</summary>
public sealed class DockerPullSettings : DockerSettings
{
    /// <summary><c>--quiet</c>: no progress output.</summary>
    public bool Quiet { get; set; }

    /// <summary><c>--platform</c>, such as <c>linux/amd64</c>.</summary>
    public string? Platform { get; set; }

    internal override IEnumerable<string> Options() => [.. Flag("--quiet", Quiet), .. Option("--platform", Platform)];
}
