namespace Workload.Resources;

/// <summary>
/// A release published as the Prometheus projects publish theirs (node_exporter, Prometheus):
/// <c>BASE/vVERSION/PROJECT-VERSION.linux-ARCH.tar.gz</c>, with the files under <c>PROJECT-VERSION.linux-ARCH/</c>,
/// beside <c>sha256sums.txt</c>. The one place that knows this layout: the tasks install from it and the download
/// preflight checks the same URLs.
/// </summary>
public sealed record PrometheusRelease(string BaseUrl, string Project, string Version, string Architecture)
{
    /// <summary>The directory the archive unpacks into, and the archive's name without .tar.gz.</summary>
    public string Directory => $"{Project}-{Version}.linux-{Architecture}";

    public string ArchiveUrl => $"{Root}/{Directory}.tar.gz";

    public string ChecksumsUrl => $"{Root}/sha256sums.txt";

    private string Root => $"{BaseUrl.TrimEnd('/')}/v{Version}";

    /// <summary>
    /// The resource that installs <paramref name="files"/> (a file name in the release's directory, where it goes,
    /// its owner and mode), checked against <paramref name="sha256"/> when pinned, else against the release's sums.
    /// </summary>
    public ReleaseDownload Install(string? sha256, params (string File, string Destination, FileOwnership Ownership)[] files) =>
        new(Project, ArchiveUrl, sha256, ChecksumsUrl, [.. files.Select(f => new ArchiveMember($"{Directory}/{f.File}", f.Destination, f.Ownership))]);
}
