using System.Net;
using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// The bridge that joins the hosts' network namespaces with each other and with this machine, which holds the
/// subnet's first address. Packets arriving on it are never forwarded elsewhere, so the hosts reach each other and
/// this machine, and nothing else.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TestbedBridge(LocalTestbedOptions options)
{
    /// <summary>Whether the bridge interface exists.</summary>
    public bool Exists => Directory.Exists($"/sys/class/net/{options.BridgeName}");

    /// <summary>Creates the bridge with its address when missing, brings it up, and turns forwarding off on it.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        await RefuseOverlapAsync(cancellationToken).ConfigureAwait(false);
        if (!Exists)
        {
            // A fixed MAC: a bridge otherwise takes the lowest MAC of its ports, which changes as hosts come and go.
            await Ip(cancellationToken, "link", "add", options.BridgeName, "address", StableMacAddress.For(options.BridgeName), "type", "bridge").ConfigureAwait(false);
        }

        await Ip(cancellationToken, "addr", "replace", $"{options.BridgeAddress}/{options.Subnet.PrefixLength}", "dev", options.BridgeName).ConfigureAwait(false);
        await Ip(cancellationToken, "link", "set", options.BridgeName, "up").ConfigureAwait(false);

        // IPv4 decides forwarding by the interface a packet came in on: off here means a host's packet for any
        // address outside this machine is dropped, whatever the machine-wide setting is.
        await File.WriteAllTextAsync($"/proc/sys/net/ipv4/conf/{options.BridgeName}/forwarding", "0", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the bridge (the hosts' veth ends attached to it go with their namespaces).</summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        if (Exists)
        {
            await Ip(cancellationToken, "link", "del", options.BridgeName).ConfigureAwait(false);
        }
    }

    internal static Task<ProcessResult> Ip(CancellationToken cancellationToken, params string[] arguments) =>
        ProcessRunner.RunAsync("ip", arguments, cancellationToken);

    // A subnet that overlaps one of this machine's own networks would take over its routes.
    private async Task RefuseOverlapAsync(CancellationToken cancellationToken)
    {
        var addresses = await Ip(cancellationToken, "-o", "-4", "addr", "show").ConfigureAwait(false);
        foreach (var line in addresses.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "2: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0 ..."
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || fields[1] == options.BridgeName || fields[3].Split('/') is not [var text, var bits]
                || !IPAddress.TryParse(text, out var address)
                || !int.TryParse(bits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var prefix))
            {
                continue;
            }

            var network = LocalTestbedOptions.NetworkOf(address, prefix);
            if (options.Subnet.Contains(address) || network.Contains(options.Subnet.BaseAddress))
            {
                throw new InvalidOperationException(
                    $"The testbed subnet {options.Subnet} overlaps {fields[3]} on interface {fields[1]}; set localSubnet to a network this machine does not use.");
            }
        }
    }
}
