using System.Net;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// A testbed machine's network: a namespace of its own with one interface, eth0, the far end of a veth pair whose near end is
/// attached to the testbed bridge. The host's address is on eth0 and its default route goes via the bridge address.
/// The container joins the namespace when it boots; the namespace lives on when the container stops, until removed.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MachineNetwork(LocalTestbedOptions options, string hostName)
{
    /// <summary>The namespace's name (<c>ip netns</c> lists it); the bridge name keeps testbeds apart.</summary>
    public string NamespaceName => $"{options.BridgeName}-{hostName}";

    /// <summary>The path systemd-nspawn joins.</summary>
    public string NamespacePath => $"/run/netns/{NamespaceName}";

    /// <summary>
    /// The veth end on this machine. Interface names have at most 15 characters, so the name is derived from a hash
    /// of bridge and host: stable across runs, distinct between hosts and testbeds.
    /// </summary>
    public string VethName => "wlv" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{options.BridgeName}/{hostName}")))[..10];

    /// <summary>The MAC of the host's eth0: the same across restarts, so that neighbour caches stay right.</summary>
    public string MacAddress => StableMacAddress.For($"{options.BridgeName}/{hostName}");

    /// <summary>Whether the namespace exists.</summary>
    public bool Exists => File.Exists(NamespacePath);

    /// <summary>Creates the namespace and veth pair afresh (removing leftovers of an earlier run) with the given address.</summary>
    public async Task CreateAsync(IPAddress address, CancellationToken cancellationToken)
    {
        await RemoveAsync(cancellationToken).ConfigureAwait(false);
        await TestbedBridge.Ip(cancellationToken, "netns", "add", NamespaceName).ConfigureAwait(false);
        await TestbedBridge.Ip(
            cancellationToken, "link", "add", VethName, "type", "veth", "peer", "name", "eth0", "address", MacAddress, "netns", NamespaceName)
            .ConfigureAwait(false);
        await TestbedBridge.Ip(cancellationToken, "link", "set", VethName, "master", options.BridgeName, "up").ConfigureAwait(false);

        // A gratuitous ARP when eth0 comes up corrects the neighbour caches of this machine and the other hosts,
        // which may still map the address to the interface of a host that had it before.
        await TestbedBridge.Ip(cancellationToken, "netns", "exec", NamespaceName, "/bin/sh", "-c", "echo 1 > /proc/sys/net/ipv4/conf/eth0/arp_notify")
            .ConfigureAwait(false);
        await InNamespace(cancellationToken, "addr", "add", $"{address}/{options.Subnet.PrefixLength}", "dev", "eth0").ConfigureAwait(false);
        await InNamespace(cancellationToken, "link", "set", "lo", "up").ConfigureAwait(false);
        await InNamespace(cancellationToken, "link", "set", "eth0", "up").ConfigureAwait(false);
        await InNamespace(cancellationToken, "route", "add", "default", "via", options.BridgeAddress.ToString()).ConfigureAwait(false);
    }

    /// <summary>Whether the namespace holds this host's eth0 (by its MAC), and so was made by this testbed for this host.</summary>
    public async Task<bool> HoldsThisHostsInterfaceAsync(CancellationToken cancellationToken)
    {
        var links = await TestbedBridge.Ip(cancellationToken, "-n", NamespaceName, "-o", "link", "show").ConfigureAwait(false);
        return links.StandardOutput.Contains(MacAddress, StringComparison.Ordinal);
    }

    /// <summary>Deletes the veth pair and the namespace; what does not exist is skipped.</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists($"/sys/class/net/{VethName}"))
        {
            await TestbedBridge.Ip(cancellationToken, "link", "del", VethName).ConfigureAwait(false);
        }

        if (Exists)
        {
            await TestbedBridge.Ip(cancellationToken, "netns", "del", NamespaceName).ConfigureAwait(false);
        }
    }

    private Task<ProcessResult> InNamespace(CancellationToken cancellationToken, params string[] arguments) =>
        TestbedBridge.Ip(cancellationToken, ["-n", NamespaceName, .. arguments]);
}
