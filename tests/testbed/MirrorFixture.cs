using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Xunit;

namespace Workload.Tests.Testbed;

/// <summary>
/// Builds the testbed's mirror (tests/testbed/mirror/build.sh) into the directory the tests' testbed serves, once per
/// run (a re-run with unchanged inputs takes seconds), and reads its manifest.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MirrorFixture : IAsyncLifetime
{
    /// <summary>The mirror's manifest (mirror.json): versions, key fingerprints, checksums, the app's commit.</summary>
    public JsonNode Manifest { get; private set; } = null!;

    /// <summary>The directory served to the hosts.</summary>
    public string Directory { get; } = TestbedFixture.DefaultOptions().MirrorDirectory;

    /// <summary>The mirror's base URL as the hosts see it.</summary>
    public string BaseUrl { get; } = TestbedFixture.DefaultOptions().MirrorUrl.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        var script = Path.Combine(Conventions.TaskConventionTests.RepositoryRoot(), "tests", "testbed", "mirror", "build.sh");
        // Other tests move the process's current directory into temporary directories they delete.
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        start.ArgumentList.Add(Directory);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the mirror failed (exit {process.ExitCode}):\n{await output}\n{await error}");
        }

        Manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Directory, "mirror.json")))!;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
