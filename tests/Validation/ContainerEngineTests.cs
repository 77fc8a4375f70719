using Cake.Core;
using Workload.Docker;

namespace Workload.Tests.Validation;

/// <summary>Engine detection against fake docker and podman executables on a PATH of the test's own.</summary>
public sealed class ContainerEngineTests : IDisposable
{
    private readonly string _bin = TestPaths.NewDirectory("workload-engine-bin");

    public void Dispose() => Directory.Delete(_bin, recursive: true);

    [Fact]
    public void DockerWithADaemonIsChosen()
    {
        Fake("docker", "echo 27.0.1");
        Fake("podman", "exit 0");

        Assert.Equal(("docker", Path.Combine(_bin, "docker")), Detect("auto"));
    }

    [Fact]
    public void DockerWithoutADaemonFallsBackToPodman()
    {
        Fake("docker", "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock' >&2; exit 1");
        Fake("podman", "exit 0");

        Assert.Equal(("podman", Path.Combine(_bin, "podman")), Detect("auto"));
    }

    [Fact]
    public void PodmanIsChosenWhenAskedFor()
    {
        Fake("docker", "echo 27.0.1");
        Fake("podman", "exit 0");

        Assert.Equal("podman", Detect("podman").Name);
    }

    [Fact]
    public void NoEngineSaysWhatToInstall()
    {
        Fake("docker", "echo 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock' >&2; exit 1");

        var error = Assert.Throws<CakeException>(() => Detect("auto"));

        Assert.Contains("cannot reach a daemon: Cannot connect to the Docker daemon", error.Message, StringComparison.Ordinal);
        Assert.Contains("podman is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install podman", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerAskedForButAbsentIsAnError()
    {
        Fake("podman", "exit 0");

        var error = Assert.Throws<CakeException>(() => Detect("docker"));

        Assert.Contains("docker is not installed", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("podman is not installed", error.Message, StringComparison.Ordinal);
    }

    private (string Name, string Path) Detect(string preference)
    {
        using var test = TestContext.Create(_bin, variables: new Dictionary<string, string> { ["PATH"] = _bin });
        var engine = ContainerEngine.Detect(test.Context, preference);
        return (engine.Name, engine.Path.FullPath);
    }

    private void Fake(string name, string body)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The container tests run on Linux.");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
