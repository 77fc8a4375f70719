using Workload.Common;
using Workload.Providers.Local;

namespace Workload.Tests.Testbed;

/// <summary>
/// This machine's OpenSSH client, as a user would log in: the given key only, the host key checked strictly against
/// one pinned key (never trust on first use), no prompts.
/// </summary>
[SupportedOSPlatform("linux")]
public static class OpenSsh
{
    public static Task<ProcessResult> RunAsync(string address, string keyFile, string pinnedHostKey, string workDirectory, string command)
    {
        var knownHosts = Path.Combine(workDirectory, $"known_hosts-{Guid.NewGuid():N}");
        File.WriteAllText(knownHosts, $"{address} {pinnedHostKey}\n");
        return ProcessRunner.TryRunAsync(
            "ssh",
            [
                "-i", keyFile,
                "-o", "IdentitiesOnly=yes",
                "-o", "StrictHostKeyChecking=yes",
                "-o", $"UserKnownHostsFile={knownHosts}",
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes",
                "-o", "ConnectTimeout=15",
                "-o", "LogLevel=ERROR",
                "-p", "22",
                $"{RootFilesystemCache.LoginUser}@{address}",
                command,
            ],
            CancellationToken.None,
            timeout: TimeSpan.FromMinutes(10));
    }
}
