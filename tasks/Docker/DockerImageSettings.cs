namespace Workload.Docker;

/// <summary>Options of <c>docker image inspect</c>.</summary>
public sealed class DockerImageInspectSettings : DockerSettings
{
    /// <summary><c>--format</c>: a Go template for the output.</summary>
    public string? Format { get; set; }

    internal override IEnumerable<string> Options() => Option("--format", Format);
}

/// <summary>Options of <c>docker rmi</c>.</summary>
public sealed class DockerRmiSettings : DockerSettings
{
    /// <summary><c>--force</c>.</summary>
    public bool Force { get; set; }

    internal override IEnumerable<string> Options() => Flag("--force", Force);
}
