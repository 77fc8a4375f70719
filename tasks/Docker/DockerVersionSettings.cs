namespace Workload.Docker;

/// <summary>Options of <c>docker version</c>.</summary>
public sealed class DockerVersionSettings : DockerSettings
{
    /// <summary><c>--format</c>: a Go template, such as <c>{{.Server.Version}}</c>, which fails without a daemon.</summary>
    public string? Format { get; set; }

    internal override IEnumerable<string> Options() => Option("--format", Format);
}
