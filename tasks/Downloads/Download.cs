using Workload.Configuration;
using Workload.Context;

namespace Workload.Downloads;

/// <summary>
/// Something a run fetches: the setting that names it, its URL as the setting gives it, what it is, and where it is
/// fetched (on a host, or here). <see cref="Probes"/> are the URLs whose answer shows it can be fetched: the file
/// itself, an apt repository's release file, a git repository's refs.
/// </summary>
/// <param name="Setting">The setting a user changes to point it elsewhere, such as jenkinsKeyUrl.</param>
/// <param name="Url">The URL as the setting gives it (or as the tool derives it from the setting).</param>
/// <param name="What">What it is, in words: "Jenkins' apt signing key".</param>
/// <param name="Host">The host that fetches it; null: this machine.</param>
/// <param name="Kind">How it is fetched: apt fetches repositories (through a proxy where one is configured), curl and git the rest.</param>
/// <param name="Probes">The URLs to check; reachable when any one answers.</param>
public sealed record Download(string Setting, string Url, string What, HostRole? Host, DownloadKind Kind, IReadOnlyList<string> Probes)
{
    /// <summary>A file fetched as it is (a key, a release tarball, a checksum list, a jar, a dashboard).</summary>
    public static Download File(string setting, string url, string what, HostRole? host) => new(setting, url, what, host, DownloadKind.File, [url]);

    /// <summary>An apt repository, reachable when its signed release file is: <c>SUITE/InRelease</c> for a flat one ("binary/"), else <c>dists/SUITE/InRelease</c>.</summary>
    public static Download AptRepository(string setting, string url, string suiteAndComponents, string what, HostRole host)
    {
        var suite = suiteAndComponents.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        var release = suite.EndsWith('/') ? $"{url.TrimEnd('/')}/{suite}" : $"{url.TrimEnd('/')}/dists/{suite}/";
        return new(setting, url, what, host, DownloadKind.AptRepository, [release + "InRelease", release + "Release"]);
    }

    /// <summary>A git repository cloned over HTTP(S): its refs advertisement (smart HTTP) or info/refs file (dumb HTTP).</summary>
    public static Download GitRepository(string setting, string url, string what, HostRole host) =>
        new(setting, url, what, host, DownloadKind.GitRepository, [$"{url.TrimEnd('/')}/info/refs?service=git-upload-pack"]);

    /// <summary>A Python package index (PEP 503 simple API): its root page.</summary>
    public static Download PythonIndex(string setting, string url, string what, HostRole host) =>
        new(setting, url, what, host, DownloadKind.PythonIndex, [url.TrimEnd('/') + "/"]);

    /// <summary>A signed apt repository and its key, as <see cref="Resources.AptRepository"/> adds them: the key file and the repository.</summary>
    public static IEnumerable<Download> SignedAptRepository(
        (string Setting, string Url) key, (string Setting, string Url) repository, string suiteAndComponents, string what, HostRole host) =>
        [File(key.Setting, key.Url, $"the apt signing key of {what}", host), AptRepository(repository.Setting, repository.Url, suiteAndComponents, $"the apt repository of {what}", host)];

    /// <summary>
    /// A release tarball in the GitHub release layout ({base}/v{version}/{project}-{version}.linux-{arch}.tar.gz) and,
    /// unless its SHA-256 is pinned, the release's sha256sums.txt, as <see cref="Resources.ReleaseDownload"/> fetches them.
    /// </summary>
    public static IEnumerable<Download> Release(string setting, string baseUrl, string project, string version, string architecture, string? pinnedSha256, HostRole host)
    {
        var release = new Resources.PrometheusRelease(baseUrl, project, version, architecture);
        yield return File(setting, release.ArchiveUrl, $"the {project} {version} release", host);
        if (pinnedSha256 is null)
        {
            yield return File(setting, release.ChecksumsUrl, $"the {project} {version} release's checksums", host);
        }
    }

    /// <summary>
    /// Jenkins' plugin installation manager as <see cref="Jenkins.JenkinsPlugins"/> fetches it: its jar, the SHA-256
    /// published beside it unless one is pinned, and the update center it resolves plugins from.
    /// </summary>
    public static IEnumerable<Download> PluginManager(Configuration.WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        yield return File("jenkinsPluginManagerUrl", settings.JenkinsPluginManagerUrl, "Jenkins' plugin installation manager", HostRole.Jenkins);
        if (settings.JenkinsPluginManagerSha256 is null)
        {
            yield return File("jenkinsPluginManagerUrl", Jenkins.JenkinsPlugins.PublishedDigestUrl(settings.JenkinsPluginManagerUrl), "the plugin installation manager's published SHA-256", HostRole.Jenkins);
        }

        yield return File("jenkinsUpdateCenterUrl", settings.JenkinsUpdateCenterUrl ?? Jenkins.JenkinsPlugins.DefaultUpdateCenter, "the update center Jenkins' plugins come from", HostRole.Jenkins);
    }

    /// <summary>Whether the tool can check it: an http or https URL (a git repository over SSH, or a path, is not checked).</summary>
    public bool IsCheckable => Probes.All(p => Uri.TryCreate(p, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}

/// <summary>How a download is fetched.</summary>
public enum DownloadKind
{
    /// <summary>One file, with curl (or this machine's HTTP client).</summary>
    File,

    /// <summary>An apt repository, by apt.</summary>
    AptRepository,

    /// <summary>A git repository, by git.</summary>
    GitRepository,

    /// <summary>A Python package index, by pip.</summary>
    PythonIndex,
}

/// <summary>A task that fetches things declares them, so that the run can check they are reachable before it changes anything.</summary>
public interface IDeclaresDownloads
{
    /// <summary>What the task will fetch with the current settings (what depends on a host's facts is checked once they are read).</summary>
    IEnumerable<Download> Downloads(WorkloadContext context);
}
