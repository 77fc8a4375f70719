using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Workload.Tests.Testbed;

/// <summary>
/// Builds the testbed's mirror with tests/testbed/build-mirror.sh (as a user does) under the directory the tests'
/// testbed serves, once per run (a re-run with unchanged inputs takes seconds), and keeps the configuration it prints.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MirrorFixture : IAsyncLifetime
{
    /// <summary>The mirror's manifest (mirror.json): versions, key fingerprints, checksums, the app's commit.</summary>
    public JsonNode Manifest { get; private set; } = null!;

    /// <summary>The configuration tests/testbed/build-mirror.sh printed: every download pointed at the mirror.</summary>
    public JsonObject Configuration { get; private set; } = null!;

    /// <summary>The directory the mirror was built in (a subdirectory of the one served to the hosts).</summary>
    public string Directory { get; } = Path.Combine(TestbedFixture.DefaultOptions().MirrorDirectory, "testbed");

    public async Task InitializeAsync()
    {
        var script = Path.Combine(Conventions.TaskConventionTests.RepositoryRoot(), "tests", "testbed", "build-mirror.sh");
        var options = TestbedFixture.DefaultOptions();
        // Other tests move the process's current directory into temporary directories they delete.
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        start.ArgumentList.Add(options.MirrorDirectory);
        start.ArgumentList.Add(options.MirrorUrl.ToString());
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the mirror failed (exit {process.ExitCode}):\n{await output}\n{await error}");
        }

        Configuration = JsonNode.Parse(await output)!.AsObject();
        Manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Directory, "mirror.json")))!;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
