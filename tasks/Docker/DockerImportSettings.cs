namespace Workload.Docker;

/// <summary>Options of <c>docker import</c>: an image made from a root filesystem tarball.</summary>
public sealed class DockerImportSettings : DockerSettings
{
    /// <summary><c>--change</c>, each a Dockerfile instruction such as <c>CMD ["python3"]</c>.</summary>
    public IList<string> Change { get; } = [];

    /// <summary><c>--message</c>: the commit message of the image.</summary>
    public string? Message { get; set; }

    internal override IEnumerable<string> Options() => [.. Repeated("--change", Change), .. Option("--message", Message)];
}
