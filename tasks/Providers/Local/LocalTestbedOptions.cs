using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Workload.Configuration;

namespace Workload.Providers.Local;

/// <summary>
/// Where a testbed keeps its state and how its network looks. Two testbeds with different state directories,
/// bridges and subnets are independent of each other and can run side by side; the root filesystem cache can be
/// shared between them.
/// </summary>
public sealed partial record LocalTestbedOptions
{
    /// <summary>Host disks, address book, logs and the services' files live below it.</summary>
    public required string StateDirectory { get; init; }

    /// <summary>Where the cached root filesystems are built.</summary>
    public required string RootfsCache { get; init; }

    /// <summary>The bridge's IPv4 network; this machine takes the first address.</summary>
    public required IPNetwork Subnet { get; init; }

    /// <summary>The bridge interface's name.</summary>
    public required string BridgeName { get; init; }

    /// <summary>The directory the mirror server serves.</summary>
    public required string MirrorDirectory { get; init; }

    /// <summary>The Debian release of hosts created from now on (a host keeps the release it was created with).</summary>
    public DebianRelease Release { get; init; } = DebianRelease.Trixie;

    /// <summary>The apt proxy's port on the bridge address.</summary>
    public int ProxyPort { get; init; } = 3142;

    /// <summary>The mirror server's port on the bridge address.</summary>
    public int MirrorPort { get; init; } = 8081;

    /// <summary>How long a host may take to boot.</summary>
    public TimeSpan BootTimeout { get; init; } = TimeSpan.FromSeconds(180);

    /// <summary>How long a host may take to shut down before it is killed.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>This machine's address on the bridge: the hosts' gateway, apt proxy and mirror server.</summary>
    public IPAddress BridgeAddress => Offset(Subnet, 1);

    /// <summary>The URL at which hosts reach the mirror directory, with a trailing slash.</summary>
    public Uri MirrorUrl => new($"http://{BridgeAddress}:{MirrorPort}/");

    /// <summary>The URL of the apt proxy as the hosts use it.</summary>
    public Uri ProxyUrl => new($"http://{BridgeAddress}:{ProxyPort}");

    /// <summary>The options the <c>local*</c> settings describe; bad values stop with the setting's name.</summary>
    public static LocalTestbedOptions FromSettings(WorkloadSettings settings) => Validated(new LocalTestbedOptions
    {
        StateDirectory = Path.GetFullPath(settings.LocalStateDirectory),
        RootfsCache = Path.GetFullPath(settings.LocalRootfsCache),
        Subnet = IPNetwork.TryParse(settings.LocalSubnet, out var subnet)
            ? subnet
            : throw new ConfigurationException($"localSubnet: got \"{settings.LocalSubnet}\", expected an IPv4 network such as 10.231.0.0/24"),
        BridgeName = settings.LocalBridge,
        MirrorDirectory = Path.GetFullPath(settings.LocalMirrorDirectory),
        Release = DebianRelease.Find(settings.LocalDebianRelease)
            ?? throw new ConfigurationException(
                $"localDebianRelease: got \"{settings.LocalDebianRelease}\", expected one of {string.Join(", ", DebianRelease.Supported.Select(r => $"{r.Number} ({r.Codename})"))}"),
        ProxyPort = settings.LocalProxyPort,
        MirrorPort = settings.LocalMirrorPort,
        BootTimeout = TimeSpan.FromSeconds(settings.LocalBootTimeoutSeconds),
    });

    /// <summary>Returns the options when they describe a usable testbed; otherwise throws naming what is wrong.</summary>
    public static LocalTestbedOptions Validated(LocalTestbedOptions options)
    {
        var problems = new List<string>();
        if (options.Subnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork || options.Subnet.PrefixLength is < 8 or > 29)
        {
            problems.Add($"localSubnet: got \"{options.Subnet}\", expected an IPv4 network with a prefix from /8 to /29 (room for the bridge and hosts)");
        }

        if (!InterfaceNamePattern().IsMatch(options.BridgeName))
        {
            problems.Add($"localBridge: got \"{options.BridgeName}\", expected an interface name of 1 to 15 letters, digits, '-' or '_'");
        }

        foreach (var (key, path) in new[]
        {
            ("localStateDirectory", options.StateDirectory),
            ("localRootfsCache", options.RootfsCache),
            ("localMirrorDirectory", options.MirrorDirectory),
        })
        {
            // Overlay mount options and apt-cacher-ng's configuration separate values with these characters.
            if (path.IndexOfAny([',', ':', ' ', '\n']) >= 0 || path == "/")
            {
                problems.Add($"{key}: got \"{path}\", expected a directory path without commas, colons or spaces, other than /");
            }
        }

        return problems.Count == 0 ? options : throw new ConfigurationException(problems);
    }

    /// <summary>The address <paramref name="offset"/> places after the network's base address.</summary>
    public static IPAddress Offset(IPNetwork network, int offset) => FromNumber(ToNumber(network.BaseAddress) + (uint)offset);

    /// <summary>The IPv4 network of <paramref name="prefix"/> bits that holds <paramref name="address"/>.</summary>
    public static IPNetwork NetworkOf(IPAddress address, int prefix)
    {
        var mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
        return new IPNetwork(FromNumber(ToNumber(address) & mask), prefix);
    }

    /// <summary>How many addresses of the subnet hosts may take (all but network, bridge and broadcast).</summary>
    public int HostAddressCount => (1 << (32 - Subnet.PrefixLength)) - 3;

    private static uint ToNumber(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return (uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3];
    }

    private static IPAddress FromNumber(uint value) => new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,15}$")]
    private static partial Regex InterfaceNamePattern();
}
