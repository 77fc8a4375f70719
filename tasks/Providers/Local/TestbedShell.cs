using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// Runs a command as root inside a host without SSH: nsenter joins every namespace of the host's init (mount, PID,
/// network, UTS, IPC, cgroup) and its root directory. The testbed asks a booting host's systemd with it, before
/// SSH is up; the tests use it to see what the tool did through a channel that does not depend on SSH.
/// </summary>
[SupportedOSPlatform("linux")]
public static class TestbedShell
{
    // A clean environment, as a root login on the host would have, rather than this process's.
    private static readonly string[] Environment =
        ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root", "LANG=C.UTF-8", "DEBIAN_FRONTEND=noninteractive"];

    /// <summary>Runs <paramref name="command"/> (program and arguments) in the host whose init has <paramref name="initPid"/>; returns however it ended.</summary>
    public static Task<ProcessResult> TryRunAsync(
        int initPid, IReadOnlyList<string> command, CancellationToken cancellationToken, string? standardInput = null, TimeSpan? timeout = null) =>
        ProcessRunner.TryRunAsync(
            "nsenter",
            ["--target", initPid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--all", "--root", "--wd", "--", "/usr/bin/env", "-i", .. Environment, .. command],
            cancellationToken,
            standardInput,
            timeout);
}
