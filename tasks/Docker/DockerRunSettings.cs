namespace Workload.Docker;

/// <summary>Options of <c>docker run</c>.</summary>
public sealed class DockerRunSettings : DockerSettings
{
    /// <summary><c>--rm</c>: remove the container when it exits.</summary>
    public bool Rm { get; set; }

    /// <summary><c>--name</c>: the container's name, so that it can be found and removed.</summary>
    public string? Name { get; set; }

    /// <summary><c>--network</c>, such as <c>none</c> for a container that needs no network.</summary>
    public string? Network { get; set; }

    /// <summary><c>--pull</c>: <c>missing</c>, <c>always</c> or <c>never</c>.</summary>
    public string? Pull { get; set; }

    /// <summary><c>--user</c>: <c>uid[:gid]</c> inside the container.</summary>
    public string? User { get; set; }

    /// <summary><c>--workdir</c> inside the container.</summary>
    public string? Workdir { get; set; }

    /// <summary><c>--entrypoint</c>, replacing the image's.</summary>
    public string? Entrypoint { get; set; }

    /// <summary><c>--volume</c>, each <c>SOURCE:TARGET[:OPTIONS]</c>; SOURCE is a host path or a named volume.</summary>
    public IList<string> Volume { get; } = [];

    /// <summary>
    /// <c>--env</c>, each <c>NAME=VALUE</c>, or a bare <c>NAME</c> that the engine copies from its own environment:
    /// the way to hand a container a secret without putting it on a command line.
    /// </summary>
    public IList<string> Env { get; } = [];

    /// <summary><c>--label</c>, each <c>KEY=VALUE</c>.</summary>
    public IList<string> Label { get; } = [];

    internal override IEnumerable<string> Options() =>
    [
        .. Flag("--rm", Rm),
        .. Option("--name", Name),
        .. Option("--network", Network),
        .. Option("--pull", Pull),
        .. Option("--user", User),
        .. Option("--workdir", Workdir),
        .. Option("--entrypoint", Entrypoint),
        .. Repeated("--volume", Volume),
        .. Repeated("--env", Env),
        .. Repeated("--label", Label),
    ];
}
