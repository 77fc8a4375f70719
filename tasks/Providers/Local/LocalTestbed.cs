using System.Runtime.Versioning;
using System.Text.RegularExpressions;

namespace Workload.Providers.Local;

/// <summary>
/// Real systemd hosts on this machine (see tests/testbed/README.md): each host boots with systemd-nspawn from an
/// overlay over a cached Debian root filesystem, in a network namespace of its own joined to a bridge, with an apt
/// proxy and a mirror HTTP server on the bridge address. Hosts and servers run detached and are found again by later
/// runs; every operation is safe to repeat and to run from two processes at once.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed partial class LocalTestbed
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(10);

    private readonly Action<string> progress;
    private readonly RootFilesystemCache rootFilesystem;
    private readonly AddressBook addresses;

    /// <summary>A testbed with the given options; <paramref name="progress"/> receives what it is doing, one line at a time.</summary>
    public LocalTestbed(LocalTestbedOptions options, Action<string> progress)
    {
        Options = LocalTestbedOptions.Validated(options);
        this.progress = progress;
        rootFilesystem = new RootFilesystemCache(Options.RootfsCache, Options.Release, progress);
        Bridge = new TestbedBridge(Options);
        addresses = new AddressBook(Options);
        AptProxy = new AptProxyService(Options, progress);
        Mirror = new MirrorHttpService(Options, progress);
    }

    /// <summary>The bridge the hosts are joined to.</summary>
    internal TestbedBridge Bridge { get; }

    /// <summary>The testbed's options.</summary>
    public LocalTestbedOptions Options { get; }

    /// <summary>The apt proxy the hosts install packages through.</summary>
    public AptProxyService AptProxy { get; }

    /// <summary>The HTTP server of the mirror directory.</summary>
    public MirrorHttpService Mirror { get; }

    /// <summary>Whether the root filesystem of the release of new hosts is cached already (if not, the first host costs a debootstrap).</summary>
    public bool IsRootFilesystemCached => rootFilesystem.IsBuilt;

    /// <summary>The release of the root filesystem a host was created from, read from its metadata (null when that release is not one the testbed knows).</summary>
    public static DebianRelease? ReleaseOf(MachineMetadata metadata) =>
        DebianRelease.Find(metadata.Release ?? Path.GetFileName(metadata.RootFilesystem).Split('-')[0]);

    private string TestbedLockFile => Path.Combine(Options.StateDirectory, "locks", "testbed.lock");

    /// <summary>The names of the hosts that exist, running or stopped.</summary>
    public IReadOnlyList<string> HostNames()
    {
        var directory = TestbedLayout.HostsDirectory(Options);
        return Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>Checks the prerequisites, builds the root filesystem when it is not cached, and starts the bridge, the apt proxy and the mirror server where they are not running.</summary>
    public async Task EnsureInfrastructureAsync(CancellationToken cancellationToken)
    {
        TestbedPrerequisites.Check();
        await rootFilesystem.EnsureAsync(cancellationToken).ConfigureAwait(false);
        using var testbedLock = await LockTestbedAsync(cancellationToken).ConfigureAwait(false);
        await Bridge.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await AptProxy.EnsureRunningAsync(cancellationToken).ConfigureAwait(false);
        await Mirror.EnsureRunningAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Find-or-start: a running host is returned as it is; a stopped one boots with its disk as it was left; a missing
    /// one is created. <paramref name="authorizedKey"/> (an OpenSSH public key line) is what the login user accepts.
    /// </summary>
    public Task<TestbedHost> EnsureHostAsync(string hostName, string authorizedKey, CancellationToken cancellationToken) =>
        StartHostAsync(hostName, authorizedKey, cancellationToken);

    /// <summary>What exists of the host, read without changing anything.</summary>
    public TestbedHostStatus InspectHost(string hostName)
    {
        var host = PartsOf(hostName);
        return new TestbedHostStatus(hostName, host.Layout.ReadMetadata(), addresses.Find(hostName), host.Machine.NspawnPid is not null);
    }

    /// <summary>Stops the host (its disk and address are kept), unmounts its root and removes its network namespace.</summary>
    public async Task StopHostAsync(string hostName, CancellationToken cancellationToken)
    {
        var host = PartsOf(hostName);
        using var hostLock = await LockHostAsync(host, cancellationToken).ConfigureAwait(false);
        await ShutDownAsync(host, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the host and deletes it: its disk, logs and address.</summary>
    public async Task DestroyHostAsync(string hostName, CancellationToken cancellationToken)
    {
        var host = PartsOf(hostName);
        using var hostLock = await LockHostAsync(host, cancellationToken).ConfigureAwait(false);
        await DestroyAsync(host, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The PID of the host's init (inside its container), or null when it does not run; for <see cref="TestbedShell"/>.</summary>
    internal int? InitPidOf(string hostName) => PartsOf(hostName).Machine.InitPid;

    /// <summary>Whether <paramref name="hostName"/> can name a host: a hostname label of lowercase letters, digits and '-'.</summary>
    public static bool IsValidHostName(string hostName) => HostNamePattern().IsMatch(hostName);

    private async Task<TestbedHost> StartHostAsync(string hostName, string authorizedKey, CancellationToken cancellationToken)
    {
        if (!IsValidHostName(hostName))
        {
            throw new ArgumentException(
                $"'{hostName}' cannot name a testbed host: expected 1 to 63 lowercase letters, digits or '-', starting with a letter or digit.", nameof(hostName));
        }

        await EnsureInfrastructureAsync(cancellationToken).ConfigureAwait(false);
        var host = PartsOf(hostName);
        using var hostLock = await LockHostAsync(host, cancellationToken).ConfigureAwait(false);
        var metadata = host.Layout.ReadMetadata();
        if (metadata is not null && host.Machine.NspawnPid is { } running && addresses.Find(hostName) is { } runningAddress)
        {
            // Running: returned unchanged. It may still be booting when another process has just started it.
            await host.Machine.WaitUntilReadyAsync(runningAddress, cancellationToken).ConfigureAwait(false);
            return new TestbedHost(hostName, runningAddress, metadata.HostKey, running);
        }

        // Stopped, never created, or half created; either way no container runs. Clear what a crash may have left.
        await ShutDownAsync(host, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            await MountTable.DeleteTreeAsync(host.Layout.Directory, cancellationToken).ConfigureAwait(false);
        }
        else if (!Directory.Exists(metadata.RootFilesystem))
        {
            throw new InvalidOperationException(
                $"Host {hostName} was created from the root filesystem {metadata.RootFilesystem}, which is no longer in the cache; " +
                "destroy it and create it again (its disk cannot be used over another root filesystem).");
        }

        var lower = metadata?.RootFilesystem ?? rootFilesystem.RootPath;
        System.Net.IPAddress address;
        using (await LockTestbedAsync(cancellationToken).ConfigureAwait(false))
        {
            address = addresses.Allocate(hostName);
            await host.Network.CreateAsync(address, cancellationToken).ConfigureAwait(false);
        }

        progress(metadata is null ? $"Creating host {hostName} at {address}" : $"Starting host {hostName} at {address}");
        await host.Overlay.MountAsync(lower, cancellationToken).ConfigureAwait(false);
        if (metadata is null)
        {
            var hostKey = await MachineIdentity.CreateAsync(host.Layout.RootDirectory, hostName, cancellationToken).ConfigureAwait(false);
            metadata = new MachineMetadata(hostName, lower, hostKey, DateTime.UtcNow, rootFilesystem.Release.Codename);
            host.Layout.WriteMetadata(metadata);
        }

        await MachineAccessFiles.WriteAsync(host.Layout.RootDirectory, authorizedKey, Options, cancellationToken).ConfigureAwait(false);
        await host.Machine.StartAsync(cancellationToken).ConfigureAwait(false);
        await host.Machine.WaitUntilReadyAsync(address, cancellationToken).ConfigureAwait(false);
        return new TestbedHost(hostName, address, metadata.HostKey, host.Machine.NspawnPid ?? 0);
    }

    // Caller holds the host's lock.
    private async Task ShutDownAsync(MachineParts host, CancellationToken cancellationToken)
    {
        await host.Machine.StopAsync(cancellationToken).ConfigureAwait(false);
        await host.Overlay.UnmountAsync(cancellationToken).ConfigureAwait(false);
        using (await LockTestbedAsync(cancellationToken).ConfigureAwait(false))
        {
            await host.Network.RemoveAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Caller holds the host's lock.
    private async Task DestroyAsync(MachineParts host, CancellationToken cancellationToken)
    {
        await ShutDownAsync(host, cancellationToken).ConfigureAwait(false);
        if (Directory.Exists(host.Layout.Directory))
        {
            progress($"Deleting host {host.Layout.HostName}");
        }

        await MountTable.DeleteTreeAsync(host.Layout.Directory, cancellationToken).ConfigureAwait(false);
        using (await LockTestbedAsync(cancellationToken).ConfigureAwait(false))
        {
            addresses.Release(host.Layout.HostName);
        }
    }

    /// <summary>The parts of a testbed machine (its disk layout, network, overlay and container), whether or not it exists.</summary>
    internal MachineParts PartsOf(string hostName)
    {
        var layout = new TestbedLayout(Options, hostName);
        var network = new MachineNetwork(Options, hostName);
        return new MachineParts(layout, network, new MachineOverlay(layout), new ContainerMachine(Options, layout, network, progress));
    }

    /// <summary>The lock on the testbed's network, services and address book.</summary>
    internal Task<FileLock> LockTestbedAsync(CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(TestbedLockFile, "testbed network, services and address book", progress, LockTimeout, cancellationToken);

    private Task<FileLock> LockHostAsync(MachineParts host, CancellationToken cancellationToken) =>
        FileLock.AcquireAsync(host.Layout.LockFile, $"host {host.Layout.HostName}", progress, LockTimeout, cancellationToken);

    [GeneratedRegex("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")]
    private static partial Regex HostNamePattern();

    internal sealed record MachineParts(TestbedLayout Layout, MachineNetwork Network, MachineOverlay Overlay, ContainerMachine Machine);
}
