using System.Diagnostics;
using Workload.Docker;

namespace Workload.Tests.Validation;

/// <summary>
/// The image the container tests use: Debian 13 (trixie) with python3, venv, pytest, Flask 3 and the rest of the fixture
/// app's needs, and visudo and nginx for the template checks. No registry is reachable here, so it is built from
/// Debian's packages (build-rootfs.sh, cached) and imported into Podman once; later runs reuse it.
/// </summary>
public sealed class TestImage
{
    private static readonly string[] PodmanPaths = ["/usr/bin/podman", "/usr/local/bin/podman"];

    public TestImage()
    {
        var podman = PodmanPaths.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "Podman is not installed; the container tests need it: run tests/Validation/prerequisites.sh as root (it installs podman, runc and debootstrap).");
        Engine = new ContainerEngine("podman", podman);

        var tarball = BuildRootFilesystem();
        Name = "localhost/workload-validation-test:" + Path.GetFileNameWithoutExtension(tarball).Split('-')[^1];
        using var test = TestContext.Create(TestPaths.Repository);
        if (!test.Context.DockerImageExists(Engine.Apply(new DockerImageInspectSettings()), Name))
        {
            test.Context.DockerImport(Engine.Apply(new DockerImportSettings()), tarball, Name);
        }
    }

    /// <summary>Podman, found where Debian installs it.</summary>
    public ContainerEngine Engine { get; }

    /// <summary>The image's name.</summary>
    public string Name { get; }

    private static string BuildRootFilesystem()
    {
        var script = Path.Combine(TestPaths.Repository, "tests", "Validation", "build-rootfs.sh");
        using var process = Process.Start(new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"build-rootfs.sh failed (exit code {process.ExitCode}): {error.Result}");
        }

        return output.Trim().Split('\n')[^1];
    }
}

/// <summary>The tests that run containers share one image and run one after another.</summary>
[CollectionDefinition(Collection)]
public sealed class PodmanTests : ICollectionFixture<TestImage>
{
    public const string Collection = "podman";
}
