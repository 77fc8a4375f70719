namespace Workload.Docker;

/// <summary>Options of <c>docker volume create</c>.</summary>
public sealed class DockerVolumeCreateSettings : DockerSettings
{
    /// <summary><c>--driver</c>; the engine's default (local) when unset.</summary>
    public string? Driver { get; set; }

    /// <summary><c>--label</c>, each <c>KEY=VALUE</c>.</summary>
    public IList<string> Label { get; } = [];

    internal override IEnumerable<string> Options() => [.. Option("--driver", Driver), .. Repeated("--label", Label)];
}

/// <summary>Options of <c>docker volume inspect</c>.</summary>
public sealed class DockerVolumeInspectSettings : DockerSettings
{
    /// <summary><c>--format</c>: a Go template for the output.</summary>
    public string? Format { get; set; }

    internal override IEnumerable<string> Options() => Option("--format", Format);
}

/// <summary>Options of <c>docker volume rm</c>.</summary>
public sealed class DockerVolumeRmSettings : DockerSettings
{
    /// <summary><c>--force</c>.</summary>
    public bool Force { get; set; }

    internal override IEnumerable<string> Options() => Flag("--force", Force);
}
