using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// apt-cacher-ng on the bridge address: the hosts' only way to Debian's archive. It runs with a configuration
/// directory of its own (this machine's /etc/apt-cacher-ng is left alone) and caches packages in the state directory.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AptProxyService(LocalTestbedOptions options, Action<string> progress) : TestbedService(options, progress)
{
    /// <inheritdoc/>
    public override string Name => "apt-proxy";

    /// <inheritdoc/>
    public override int Port => Options.ProxyPort;

    /// <summary>Where the proxy keeps the packages it fetched.</summary>
    public string CacheDirectory => Path.Combine(ServiceDirectory, "cache");

    /// <summary>Its request log: one line per file a host fetched, with the host's address.</summary>
    public string RequestLog => Path.Combine(ServiceDirectory, "log", "apt-cacher.log");

    private string ConfigurationDirectory => Path.Combine(ServiceDirectory, "conf");

    /// <inheritdoc/>
    protected override string Program => "apt-cacher-ng";

    /// <inheritdoc/>
    protected override IReadOnlyList<string> Arguments =>
    [
        "-c", ConfigurationDirectory,
        "ForeGround=1",
        $"BindAddress={Options.BridgeAddress}",
        $"Port={Options.ProxyPort}",
        $"CacheDir={CacheDirectory}",
        $"LogDir={Path.Combine(ServiceDirectory, "log")}",
        $"PidFile={Path.Combine(ServiceDirectory, "run", "apt-cacher-ng.pid")}",
        $"SocketPath={Path.Combine(ServiceDirectory, "run", "socket")}",
        "SupportDir=/usr/lib/apt-cacher-ng",
    ];

    /// <inheritdoc/>
    protected override void Prepare()
    {
        base.Prepare();
        foreach (var directory in new[] { CacheDirectory, Path.Combine(ServiceDirectory, "log"), Path.Combine(ServiceDirectory, "run") })
        {
            Directory.CreateDirectory(directory);
        }

        AtomicFile.WriteIfChanged(
            Path.Combine(ConfigurationDirectory, "acng.conf"),
            "# Written by the workload testbed. Settings that vary (address, port, directories) are on the command line.\n" +
            "Remap-debrep: file:deb_mirror*.gz /debian ; file:backends_debian\n" +
            "ReportPage: acng-report.html\n" +
            "ExThreshold: 4\n");

        // The package's default list of Debian mirrors is unreachable from here; deb.debian.org is.
        AtomicFile.WriteIfChanged(Path.Combine(ConfigurationDirectory, "backends_debian"), $"{RootFilesystemCache.ArchiveUrl}/\n");
    }
}
