using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// A static HTTP server (busybox httpd) for the mirror directory on the bridge address: what the hosts download in
/// place of the internet (release tarballs, apt repositories of test doubles). It answers HEAD and Range requests
/// and streams large files. What the directory holds is built elsewhere (tests/testbed/mirror/build.sh).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MirrorHttpService(LocalTestbedOptions options, Action<string> progress) : TestbedService(options, progress)
{
    /// <inheritdoc/>
    public override string Name => "mirror-http";

    /// <inheritdoc/>
    public override int Port => Options.MirrorPort;

    // An empty configuration of its own: otherwise busybox would read /etc/httpd.conf.
    private string ConfigurationFile => Path.Combine(ServiceDirectory, "httpd.conf");

    /// <inheritdoc/>
    protected override string Program => "busybox";

    /// <inheritdoc/>
    protected override IReadOnlyList<string> Arguments =>
        ["httpd", "-f", "-v", "-p", $"{Options.BridgeAddress}:{Options.MirrorPort}", "-h", Options.MirrorDirectory, "-c", ConfigurationFile];

    /// <inheritdoc/>
    protected override void Prepare()
    {
        base.Prepare();
        Directory.CreateDirectory(Options.MirrorDirectory);
        AtomicFile.WriteIfChanged(ConfigurationFile, string.Empty);
    }
}
