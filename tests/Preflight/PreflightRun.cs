using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Workload.Providers.Local;
using Workload.Tests.CommandLine;

namespace Workload.Tests.Preflight;

/// <summary>
/// A user's working directory for the real tool, with hosts that are a listening socket on this machine: the
/// configuration names provider=existing and both hosts at 127.0.0.1 on the socket's port, so any connection the
/// run attempts is seen. A run that the preflight must stop is checked to have written nothing (the directory is
/// the same, file by file) and to have connected nowhere (the socket has no pending connection).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class PreflightRun : IDisposable
{
    private readonly TcpListener _hosts = new(IPAddress.Loopback, 0);

    public PreflightRun()
    {
        _hosts.Start();
        Directory = System.IO.Directory.CreateTempSubdirectory("preflight-tests-").FullName;
        KeyFile = Path.Combine(Directory, "id_ed25519");
        ClientKeyPair.EnsureAsync(KeyFile, _ => { }, CancellationToken.None).GetAwaiter().GetResult();
        Configuration = new Dictionary<string, object>
        {
            ["provider"] = "existing",
            ["jenkinsAddress"] = "127.0.0.1",
            ["monitoringAddress"] = "127.0.0.1",
            ["sshPort"] = Port,
            ["sshPrivateKey"] = KeyFile,
            ["sshConnectTimeoutSeconds"] = 2,
            ["sshConnectAttempts"] = 1,
            ["hostLockWaitSeconds"] = 0,

            // JenkinsPipeline (in Deploy) runs both on the Jenkins host, accepted only with these digests.
            ["jenkinsPluginManagerSha256"] = new string('a', 64),
            ["jenkinsDependencyCheckSha256"] = new string('b', 64),
        };
    }

    public string Directory { get; }

    /// <summary>A valid private key (0600) the configuration names.</summary>
    public string KeyFile { get; }

    /// <summary>The port the hosts "listen" on.</summary>
    public int Port => ((IPEndPoint)_hosts.LocalEndpoint).Port;

    /// <summary>workload.json, written before each run; a test changes or removes entries.</summary>
    public Dictionary<string, object> Configuration { get; }

    /// <summary>The environment of the run (its secrets).</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes a file into the working directory, with a mode when given.</summary>
    public string Write(string name, string content, UnixFileMode? mode = null)
    {
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        if (mode is { } bits)
        {
            File.SetUnixFileMode(path, bits);
        }

        return path;
    }

    /// <summary>Writes workload.json from <see cref="Configuration"/> (each run does it again, with the same bytes).</summary>
    public void Prepare() =>
        File.WriteAllText(Path.Combine(Directory, "workload.json"), System.Text.Json.JsonSerializer.Serialize(Configuration));

    /// <summary>Runs the tool; returns its exit code and output.</summary>
    public (int ExitCode, string Output) Run(params string[] args)
    {
        Prepare();
        return WorkloadProcess.Run(Directory, Environment, args);
    }

    /// <summary>
    /// Runs the tool and requires the preflight to stop it: exit code 1, one error listing every expected text, no
    /// file written or changed in the working directory, no connection to the hosts.
    /// </summary>
    public string Refused(string[] args, params string[] expected)
    {
        Prepare();
        var before = Snapshot();
        var (exitCode, output) = WorkloadProcess.Run(Directory, Environment, args);

        Assert.True(exitCode == 1, $"exit code {exitCode}, expected 1:\n{output}");
        Assert.Contains("Nothing was changed", output, StringComparison.Ordinal);
        foreach (var text in expected)
        {
            Assert.True(output.Contains(text, StringComparison.Ordinal), $"the output lacks \"{text}\":\n{output}");
        }

        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot());
        Assert.False(HostsWereContacted, $"the run connected to the hosts' port:\n{output}");
        return output;
    }

    /// <summary>Whether a run connected to the hosts' port (the connection waits there, never accepted).</summary>
    public bool HostsWereContacted => _hosts.Pending();

    /// <summary>Every path under the directory with its mode and content hash.</summary>
    public string Snapshot() => string.Join('\n', System.IO.Directory
        .EnumerateFileSystemEntries(Directory, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(p => $"{p} {File.GetUnixFileMode(p)} {(File.Exists(p) && new FileInfo(p).Length < 16 * 1024 * 1024 ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "-")}"));

    public void Dispose()
    {
        _hosts.Stop();
        _hosts.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
