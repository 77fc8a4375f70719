using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Context;
using Workload.Hosts;
using Workload.Providers.Local;

namespace Workload.Downloads;

/// <summary>
/// Before anything is created or changed: every download the run's tasks declared is checked from where it will be
/// fetched (see <see cref="DownloadRoute"/>). Those that cannot be fetched stop the run, with every other preflight
/// problem, naming each URL, its setting and how to point it at a mirror. What only a host's facts decide (Temurin's
/// repository on a host without Java 21, the deadsnakes PPA on Ubuntu) is checked from that host once its facts are
/// read (<see cref="HostDownloadCheck"/>).
/// </summary>
public sealed class DownloadPreflight : Preflight.IPreflightCheck
{
    public Preflight.PreflightStage Stage => Preflight.PreflightStage.Remote;

    public async Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, Preflight.PreflightScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        var downloads = scope.Tasks.OfType<IDeclaresDownloads>().SelectMany(t => t.Downloads(context)).ToList();
        if (scope.DryRun || downloads.Count == 0)
        {
            return [];
        }

        using var thisMachine = new ThisMachineRoute();
        var local = ProviderKind.Of(context.Settings).HostsReachOnlyThisMachine ? new LocalTestbedRoute(LocalTestbedOptions.FromSettings(context.Settings), thisMachine) : null;
        var remote = new RemoteHostRoute(thisMachine);
        DownloadRoute RouteFor(HostRole? host) => host is null ? thisMachine : (DownloadRoute?)local ?? remote;

        // Found reachable lately (downloadRecheckMinutes): a re-run does not ask every URL again.
        var cache = DownloadCheckCache.For(context.Settings);
        var toCheck = downloads.Where(d => !d.IsCheckable || !cache.IsFresh(d, RouteFor(d.Host).Identity)).ToList();
        if (toCheck.Count == 0)
        {
            context.Log.Verbose("Downloads: all {0} found reachable within the last {1} min ({2}); not checked again", downloads.Count, context.Settings.DownloadRecheckMinutes, cache.FilePath);
            return [];
        }

        var problems = await ProblemsAsync(toCheck, RouteFor, warning => context.Log.Warning("{0}", warning), cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return [.. problems, Advice(context.Settings)];
        }

        cache.Remember(toCheck.Where(d => d.IsCheckable).Select(d => (d, RouteFor(d.Host).Identity)));
        context.Log.Verbose("Downloads checked: {0} reachable from where they are fetched ({1} checked lately)", downloads.Count, downloads.Count - toCheck.Count);
        return [];
    }

    /// <summary>One line per download that cannot be fetched; <paramref name="warn"/> hears those only this machine failed to reach.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(
        IReadOnlyList<Download> downloads, Func<HostRole?, DownloadRoute> routes, Action<string> warn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(downloads);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(warn);
        var unique = downloads.Where(d => d.IsCheckable).DistinctBy(d => (d.Setting, d.Url, d.Host, d.Kind)).ToList();
        var checks = unique.Select(async download =>
        {
            var route = routes(download.Host);
            Reach? last = null;
            foreach (var probe in download.Probes)
            {
                last = await route.ProbeAsync(probe, download, cancellationToken).ConfigureAwait(false);
                if (last.Reachable)
                {
                    break;
                }
            }

            return (download, reach: last!);
        });
        var results = await Task.WhenAll(checks).ConfigureAwait(false);
        var problems = new List<string>();
        foreach (var (download, reach) in results.Where(r => !r.reach.Reachable))
        {
            if (reach.Certain)
            {
                problems.Add(Describe(download, reach.Reason));
            }
            else
            {
                warn($"{Describe(download, reach.Reason)}; the host fetches it itself, so the run goes on");
            }
        }

        return problems;
    }

    /// <summary>"jenkinsKeyUrl: https://... (Jenkins' apt signing key, fetched on the jenkins host) cannot be fetched: REASON; point jenkinsKeyUrl at a mirror".</summary>
    public static string Describe(Download download, string? reason)
    {
        ArgumentNullException.ThrowIfNull(download);
        var where = download.Host is { } host ? $"fetched on the {HostSessions.RoleName(host)} host" : "fetched by this machine";
        return $"{download.Setting}: {download.Url} ({download.What}, {where}) cannot be fetched: {reason}; point {download.Setting} at a mirror that serves the same path";
    }

    /// <summary>How to point the downloads at a mirror, for the provider in use.</summary>
    public static string Advice(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!ProviderKind.Of(settings).HostsReachOnlyThisMachine)
        {
            return "to use a mirror, serve the same paths from a server the hosts reach and point the settings above at it (README: \"Configuration\")";
        }

        var options = LocalTestbedOptions.FromSettings(settings);
        var mirror = options.MirrorUrl.ToString().TrimEnd('/');
        return $"the local provider's hosts reach only this machine: Debian's archive (and http apt repositories) through its apt proxy at {options.ProxyUrl}, " +
            $"everything else from its mirror at {mirror}/, which serves {options.MirrorDirectory}. To take every download from there, build the testbed's mirror " +
            $"and use the configuration it prints (README: \"Quick start\"): sudo tests/testbed/build-mirror.sh {options.MirrorDirectory} {mirror} > workload.testbed.json, " +
            "then ./build.sh --target=Deploy --config=workload.testbed.json";
    }
}
