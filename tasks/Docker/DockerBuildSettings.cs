namespace Workload.Docker;

/// <summary>Options of <c>docker build</c>.</summary>
public sealed class DockerBuildSettings : DockerSettings
{
    /// <summary><c>--tag</c>, each <c>NAME[:TAG]</c>.</summary>
    public IList<string> Tag { get; } = [];

    /// <summary><c>--file</c>: the Dockerfile, when it is not <c>PATH/Dockerfile</c>.</summary>
    public string? File { get; set; }

    /// <summary><c>--build-arg</c>, each <c>NAME=VALUE</c>.</summary>
    public IList<string> BuildArg { get; } = [];

    /// <summary><c>--pull</c>: always look for a newer base image.</summary>
    public bool Pull { get; set; }

    /// <summary><c>--no-cache</c>.</summary>
    public bool NoCache { get; set; }

    internal override IEnumerable<string> Options() =>
    [
        .. Repeated("--tag", Tag),
        .. Option("--file", File),
        .. Repeated("--build-arg", BuildArg),
        .. Flag("--pull", Pull),
        .. Flag("--no-cache", NoCache),
    ];
}
