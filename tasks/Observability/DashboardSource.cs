using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workload.Configuration;
using Workload.Common;

namespace Workload.Observability;

/// <summary>
/// The dashboard to provision: grafana.com's JSON at a pinned revision (downloaded once into a local cache) or a
/// local file, checked against a pinned SHA-256 when one is set, with its data source input bound to ours.
/// </summary>
public static partial class DashboardSource
{
    public const string DataSourceUid = "microblog-prometheus";

    /// <summary>
    /// The dashboard's uid, checked against Grafana's grammar (pkg/util: letters, digits, '-' and '_', at most 40)
    /// before it becomes a file name on the host: a downloaded file is not trusted to be what it claims.
    /// </summary>
    public static string UidOf(JsonObject dashboard, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        var uid = dashboard["uid"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (uid is null || !UidPattern().IsMatch(uid))
        {
            throw new InvalidOperationException(
                $"The dashboard {Origin(settings)} has {(uid is null ? "no uid" : $"the uid \"{uid}\"")}, which Grafana does not accept " +
                "(1 to 40 letters, digits, '-' or '_'); it was not provisioned.");
        }

        return uid;
    }

    /// <summary>The dashboard JSON as Grafana should read it from the provisioning directory.</summary>
    public static async Task<JsonObject> LoadAsync(WorkloadSettings settings, Action<string> progress, CancellationToken cancellationToken)
    {
        var bytes = settings.GrafanaDashboardFile is { } file
            ? await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false)
            : await DownloadAsync(settings, progress, cancellationToken).ConfigureAwait(false);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (settings.GrafanaDashboardSha256 is { } pinned && !string.Equals(pinned, digest, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"grafanaDashboardSha256: the dashboard {Origin(settings)} has SHA-256 {digest}, not the pinned {pinned.ToLowerInvariant()}; it was not used.");
        }

        if (settings.GrafanaDashboardSha256 is null)
        {
            progress($"dashboard {Origin(settings)} has SHA-256 {digest} (pin it with grafanaDashboardSha256)");
        }

        JsonObject dashboard;
        try
        {
            dashboard = JsonNode.Parse(bytes)?.AsObject() ?? throw new JsonException("empty document");
        }
        catch (JsonException exception)
        {
            throw new InvalidOperationException($"The dashboard {Origin(settings)} is not valid JSON: {exception.Message}", exception);
        }

        return Bind(dashboard);
    }

    /// <summary>
    /// Replaces every <c>${INPUT}</c> of a data source input (such as <c>${DS_PROMETHEUS}</c>) by our data source's uid
    /// and drops the import-only fields, as Grafana's import would.
    /// </summary>
    public static JsonObject Bind(JsonObject dashboard)
    {
        var inputs = dashboard["__inputs"]?.AsArray()
            .Select(i => i?["type"]?.GetValue<string>() == "datasource" ? i["name"]?.GetValue<string>() : null)
            .OfType<string>()
            .ToList() ?? [];
        var text = dashboard.ToJsonString();
        foreach (var input in inputs)
        {
            text = text.Replace("${" + input + "}", DataSourceUid, StringComparison.Ordinal);
        }

        var bound = JsonNode.Parse(text)!.AsObject();
        bound.Remove("__inputs");
        bound["id"] = null;
        if (bound.ToJsonString().Contains("${DS_", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The dashboard refers to a data source input that its __inputs do not declare; it cannot be bound.");
        }

        return bound;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex UidPattern();

    private static string Origin(WorkloadSettings settings) =>
        settings.GrafanaDashboardFile ?? Url(settings);

    /// <summary>grafana.com's download URL of the dashboard's revision.</summary>
    public static string Url(WorkloadSettings settings) =>
        $"{settings.GrafanaDashboardBaseUrl.TrimEnd('/')}/{settings.GrafanaDashboardId}/revisions/{settings.GrafanaDashboardRevision}/download";

    /// <summary>Where a downloaded revision is kept: beside the state file, in .workload/cache/.</summary>
    public static string CachedFile(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var cacheDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.StateFile))!, "cache");
        return Path.Combine(cacheDirectory, $"dashboard-{settings.GrafanaDashboardId}-{settings.GrafanaDashboardRevision}.json");
    }

    private static async Task<byte[]> DownloadAsync(WorkloadSettings settings, Action<string> progress, CancellationToken cancellationToken)
    {
        // A revision never changes on grafana.com: once downloaded (and checked), it is read from the cache.
        var cached = CachedFile(settings);
        if (File.Exists(cached))
        {
            return await File.ReadAllBytesAsync(cached, cancellationToken).ConfigureAwait(false);
        }

        return await FetchAsync(settings, cached, progress, cancellationToken).ConfigureAwait(false);
    }

    // Apart from the cached path, which then does not load the HTTP stack (README, "Performance": memory).
    private static async Task<byte[]> FetchAsync(WorkloadSettings settings, string cached, Action<string> progress, CancellationToken cancellationToken)
    {
        var url = Url(settings);
        progress($"downloading dashboard {settings.GrafanaDashboardId} revision {settings.GrafanaDashboardRevision} from {url}");
        using var client = new HttpClient(new SocketsHttpHandler()) { Timeout = TimeSpan.FromSeconds(60) };
        byte[] bytes;
        try
        {
            bytes = await client.GetByteArrayAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            throw new InvalidOperationException(
                $"Downloading the dashboard from {url} failed ({exception.Message}); set grafanaDashboardFile to a local copy on machines without internet.", exception);
        }

        AtomicFile.WriteAllBytes(cached, bytes, mode: null);
        return bytes;
    }
}
