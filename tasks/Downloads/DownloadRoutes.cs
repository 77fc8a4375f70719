using System.Net;
using Workload.Providers.Local;

namespace Workload.Downloads;

/// <summary>What checking one URL from one place found.</summary>
/// <param name="Reachable">It answered with success.</param>
/// <param name="Reason">Why not, in words ("answers 404 Not Found", "cannot be resolved").</param>
/// <param name="Certain">False when the place that fetches it could not be asked and the answer is only this machine's.</param>
public sealed record Reach(bool Reachable, string? Reason = null, bool Certain = true)
{
    public static readonly Reach Ok = new(true);
}

/// <summary>How the place that fetches a download reaches URLs.</summary>
public abstract class DownloadRoute
{
    /// <summary>Checks one URL, changing nothing.</summary>
    public abstract Task<Reach> ProbeAsync(string url, Download download, CancellationToken cancellationToken);

    /// <summary>What decides this route's answers, for <see cref="DownloadCheckCache"/>: another route checks again.</summary>
    public virtual string Identity => GetType().Name;
}

/// <summary>This machine, over HTTP: a HEAD request (a one-byte GET where HEAD is refused), redirects followed.</summary>
public sealed class ThisMachineRoute : DownloadRoute, IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    // Made at the first URL asked (a plain field: a Lazy<HttpClient> would load the HTTP stack with this class): a
    // re-run whose downloads were all found reachable lately asks none (README, "Performance": memory).
    private HttpClient? _client;

    public override async Task<Reach> ProbeAsync(string url, Download download, CancellationToken cancellationToken)
    {
        try
        {
            using var head = new HttpRequestMessage(HttpMethod.Head, url);
            using var answer = await Client().SendAsync(head, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (answer.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotImplemented or HttpStatusCode.Forbidden)
            {
                // Some servers (object stores behind a CDN among them) answer GET but not HEAD.
                using var get = new HttpRequestMessage(HttpMethod.Get, url);
                get.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 0);
                using var retried = await Client().SendAsync(get, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                return Judge(retried);
            }

            return Judge(answer);
        }
        catch (HttpRequestException exception)
        {
            return new Reach(false, $"cannot be reached from this machine ({Innermost(exception).Message.TrimEnd('.')})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Reach(false, $"did not answer this machine within {ProbeTimeout.TotalSeconds:0} s");
        }
    }

    public void Dispose() => _client?.Dispose();

    private HttpClient Client()
    {
        if (_client is { } client)
        {
            return client;
        }

        // Probes run concurrently: the first client made is kept.
        var made = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = ProbeTimeout };
        if (Interlocked.CompareExchange(ref _client, made, null) is { } first)
        {
            made.Dispose();
            return first;
        }

        return made;
    }

    private static Reach Judge(HttpResponseMessage answer) =>
        answer.IsSuccessStatusCode ? Reach.Ok : new Reach(false, $"answers {(int)answer.StatusCode} {answer.ReasonPhrase}");

    private static Exception Innermost(Exception exception) => exception.InnerException is { } inner ? Innermost(inner) : exception;
}

/// <summary>
/// A host of the local provider: it reaches only this machine (the bridge has no forwarding). Debian's archive and
/// any http apt repository come through the apt proxy on this machine, so they are as reachable as they are from
/// here; everything else must come from the mirror server, which serves the mirror directory, so a URL under the
/// mirror's base is reachable when the directory holds its file.
/// </summary>
public sealed class LocalTestbedRoute(LocalTestbedOptions options, DownloadRoute thisMachine) : DownloadRoute
{
    /// <summary>Why a URL beyond this machine is unreachable; <see cref="DownloadPreflight.Advice"/> says what the hosts do reach.</summary>
    public const string BeyondThisMachine = "the local provider's hosts reach only this machine";

    public override string Identity => $"{nameof(LocalTestbedRoute)} {options.BridgeAddress}:{options.MirrorPort} {options.MirrorDirectory} {options.ProxyUrl}";

    public override Task<Reach> ProbeAsync(string url, Download download, CancellationToken cancellationToken)
    {
        var uri = new Uri(url);
        if (uri.Scheme == Uri.UriSchemeHttp && uri.Host == options.BridgeAddress.ToString() && uri.Port == options.MirrorPort)
        {
            return Task.FromResult(InMirror(uri));
        }

        var throughProxy = uri.Scheme == Uri.UriSchemeHttp && download.Kind == DownloadKind.AptRepository;
        return throughProxy
            ? thisMachine.ProbeAsync(url, download, cancellationToken)
            : Task.FromResult(new Reach(false, BeyondThisMachine));
    }

    private Reach InMirror(Uri uri)
    {
        var relative = Uri.UnescapeDataString(uri.AbsolutePath).TrimStart('/');
        var root = Path.GetFullPath(options.MirrorDirectory);
        var path = Path.GetFullPath(Path.Combine(root, relative));
        if (!path.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal) && path != root)
        {
            return new Reach(false, "points outside the mirror directory");
        }

        // The mirror server answers a directory with its index.html, and has no listings.
        var file = uri.AbsolutePath.EndsWith('/') ? Path.Combine(path, "index.html") : path;
        return File.Exists(file)
            ? Reach.Ok
            : new Reach(false, $"the mirror at {options.MirrorUrl} does not serve it ({file} does not exist)");
    }
}

/// <summary>
/// A host of the aws or existing provider: it fetches for itself, and this machine cannot ask it before the run. An
/// HTTP error seen from here (404, 403) is one it would see too; a network failure here may be this machine's only,
/// so it is reported as uncertain.
/// </summary>
public sealed class RemoteHostRoute(DownloadRoute thisMachine) : DownloadRoute
{
    public override async Task<Reach> ProbeAsync(string url, Download download, CancellationToken cancellationToken)
    {
        var reach = await thisMachine.ProbeAsync(url, download, cancellationToken).ConfigureAwait(false);
        return reach.Reachable || reach.Reason?.StartsWith("answers ", StringComparison.Ordinal) == true
            ? reach
            : reach with { Certain = false };
    }
}
