using Cake.Core;
using Cake.Core.IO;

namespace Workload.Docker;

/// <summary>The engine that runs the containers: Docker with a daemon that answers, or Podman.</summary>
/// <param name="Name"><c>docker</c> or <c>podman</c>.</param>
/// <param name="Path">The executable; both speak the same <c>docker</c> command line.</param>
public sealed record ContainerEngine(string Name, FilePath Path)
{
    /// <summary>Points <paramref name="settings"/> at this engine and returns them.</summary>
    public TSettings Apply<TSettings>(TSettings settings)
        where TSettings : DockerSettings
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.ToolPath = Path;
        return settings;
    }

    /// <summary>
    /// Finds the engine: <paramref name="preference"/> <c>docker</c> or <c>podman</c> asks for that one; <c>auto</c>
    /// takes Docker when its daemon answers, else Podman. A <c>docker</c> client without a daemon (as on machines
    /// where it shadows podman-docker's) is not an engine.
    /// </summary>
    /// <exception cref="CakeException">No usable engine, with what to install.</exception>
    public static ContainerEngine Detect(ICakeContext context, string preference)
    {
        ArgumentNullException.ThrowIfNull(context);
        var docker = context.Tools.Resolve("docker");
        var podman = context.Tools.Resolve("podman");
        string dockerProblem;
        if (preference != "podman" && docker is not null)
        {
            dockerProblem = DaemonProblem(context, docker);
            if (dockerProblem.Length == 0)
            {
                return new ContainerEngine("docker", docker);
            }
        }
        else
        {
            dockerProblem = docker is null ? "docker is not installed" : string.Empty;
        }

        if (preference != "docker" && podman is not null)
        {
            return new ContainerEngine("podman", podman);
        }

        var problems = new List<string>();
        if (preference != "podman")
        {
            problems.Add(dockerProblem);
        }

        if (preference != "docker")
        {
            problems.Add("podman is not installed");
        }

        throw new CakeException(
            $"No container engine ({string.Join("; ", problems)}). Install Podman (Debian/Ubuntu: apt-get install podman; " +
            "where crun fails, also runc, see tests/Validation/prerequisites.sh) or Docker Engine with its daemon running, " +
            $"or choose one with --containerEngine=docker|podman (now: {preference}).");
    }

    private static string DaemonProblem(ICakeContext context, FilePath docker)
    {
        var settings = new DockerVersionSettings { ToolPath = docker, Format = "{{.Server.Version}}", HandleExitCode = _ => true };
        try
        {
            var result = context.DockerVersion(settings);
            return result.ExitCode == 0
                ? string.Empty
                : $"docker at {docker.FullPath} cannot reach a daemon: {(result.Errors.Count > 0 ? result.Errors[0] : $"exit code {result.ExitCode}")}";
        }
        catch (CakeException exception)
        {
            return $"docker at {docker.FullPath} does not run: {exception.Message}";
        }
    }
}
