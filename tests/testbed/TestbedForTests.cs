using Workload.Common;
using Workload.Providers.Local;

namespace Workload.Tests;

/// <summary>
/// What only tests do with the testbed: create a host from a clean disk, run commands in a host without SSH (to see
/// what the tool did through a channel that does not depend on the tool's own SSH access), and tear the testbed
/// down. The product's local provider finds, starts and destroys hosts; none of this is part of it.
/// </summary>
[SupportedOSPlatform("linux")]
public static class TestbedForTests
{
    /// <summary>Creates the host anew: an existing host of that name is destroyed first, disk and all.</summary>
    public static async Task<TestbedHost> CreateFreshHostAsync(this LocalTestbed testbed, string hostName, string authorizedKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(testbed);
        await testbed.DestroyHostAsync(hostName, cancellationToken).ConfigureAwait(false);
        return await testbed.EnsureHostAsync(hostName, authorizedKey, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command as root in a running host without SSH (see <see cref="TestbedShell"/>); returns however it ended.</summary>
    /// <exception cref="InvalidOperationException">The host is not running.</exception>
    public static Task<ProcessResult> RunAsRootAsync(
        this LocalTestbed testbed, string hostName, IReadOnlyList<string> command, CancellationToken cancellationToken, string? standardInput = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(testbed);
        var init = testbed.InitPidOf(hostName)
            ?? throw new InvalidOperationException($"Host {hostName} is not running; start it before running commands in it.");
        return TestbedShell.TryRunAsync(init, command, cancellationToken, standardInput, timeout);
    }

    /// <summary>
    /// Stops every host and removes everything the testbed runs or made on this machine: containers, mounts,
    /// network namespaces, veths, the bridge, the apt proxy and the mirror server. The hosts' disks, the address
    /// book and the caches stay, so that hosts can be started again with their state.
    /// </summary>
    public static async Task TeardownAsync(this LocalTestbed testbed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(testbed);
        foreach (var name in testbed.HostNames())
        {
            await testbed.StopHostAsync(name, cancellationToken).ConfigureAwait(false);
        }

        using var testbedLock = await testbed.LockTestbedAsync(cancellationToken).ConfigureAwait(false);
        await RemoveStrayNamespacesAsync(testbed, cancellationToken).ConfigureAwait(false);
        await MountTable.UnmountAllUnderAsync(testbed.Options.StateDirectory, cancellationToken).ConfigureAwait(false);
        await testbed.AptProxy.StopAsync(cancellationToken).ConfigureAwait(false);
        await testbed.Mirror.StopAsync(cancellationToken).ConfigureAwait(false);
        await testbed.Bridge.RemoveAsync(cancellationToken).ConfigureAwait(false);
    }

    // Namespaces this testbed made that no stop removed (the host directory deleted by hand, a crashed run). A name
    // that merely starts with the bridge's name may belong to another testbed whose bridge name extends this one's;
    // the MAC of eth0, derived from bridge and host name, tells the two apart.
    private static async Task RemoveStrayNamespacesAsync(LocalTestbed testbed, CancellationToken cancellationToken)
    {
        var prefix = testbed.Options.BridgeName + "-";
        var listed = await TestbedBridge.Ip(cancellationToken, "netns", "list").ConfigureAwait(false);
        foreach (var line in listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var name = line.Split(' ')[0];
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var host = testbed.PartsOf(name[prefix.Length..]);
            if (Directory.Exists(host.Layout.Directory) || await host.Network.HoldsThisHostsInterfaceAsync(cancellationToken).ConfigureAwait(false))
            {
                await host.Machine.KillLeftoversAsync(cancellationToken).ConfigureAwait(false);
                await host.Network.RemoveAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
