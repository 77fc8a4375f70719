using Workload.Hosts;

namespace Workload.Resources;

/// <summary>
/// Debian packages that must be installed (optionally at an exact version). The package lists are refreshed before
/// installing when a repository of ours changed, when they were never fetched, or when a marker says so.
/// </summary>
public sealed class AptPackages(IEnumerable<string> packages, IEnumerable<Resource>? refreshAfter = null) : Resource
{
    private readonly IReadOnlyList<Resource> _refreshAfter = refreshAfter?.ToList() ?? [];

    public AptPackages(params string[] packages)
        : this((IEnumerable<string>)packages)
    {
    }

    /// <summary>
    /// Touched by a repository's key or source (what the packages refresh after) when it changes, and removed after an
    /// update: a run that fails between the two still refreshes the lists on the next run.
    /// </summary>
    public static readonly string UpdateMarker = Markers.For("apt", "update");

    public IReadOnlyList<string> Packages { get; } = packages.ToList();

    public override string Description => $"package{(Packages.Count > 1 ? "s" : string.Empty)} {string.Join(", ", Packages)}";

    /// <summary>A package brings files and services of its own (nginx's default site) that the first plan could not see.</summary>
    public override bool ReplansWhatFollows => true;

    /// <summary>An update owed for each resource the lists are refreshed after, recorded on it as a marker when it changes.</summary>
    public override IEnumerable<Notification> Notifications =>
        _refreshAfter.OfType<NotifyingResource>().Select(r => new Notification(r, UpdateMarker));

    /// <summary>What dpkg-query answers from: the status file and the journal of changes not yet merged into it.</summary>
    public static IReadOnlyList<string> DpkgStatePaths { get; } = ["/var/lib/dpkg/status", "/var/lib/dpkg/updates"];

    // dpkg-query parses the whole status file, in every package check of a run: remembered while it is unchanged.
    public override string Probe() =>
        ProbeScripts.Memo($"dpkg-query -W -f='pkg=${{Package}} ${{db:Status-Abbrev}} ${{Version}}\\n' {string.Join(' ', Packages.Select(p => Shell.Quote(NameOf(p))))} 2>/dev/null", DpkgStatePaths) +
        $"if [ -e {Shell.Quote(UpdateMarker)} ]; then echo update_marker=1; fi\n" +
        // A glob, not ls: one process fewer in every package check.
        "for f in /var/lib/apt/lists/*_Packages; do if [ -e \"$f\" ]; then echo lists=1; fi; break; done";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var installed = facts.GetAll("pkg")
            // "jq ii  1.6-2.1": the status is three characters ("ii "), so a space pads it before the version.
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 3 && fields[1].StartsWith("ii", StringComparison.Ordinal))
            .ToDictionary(fields => fields[0], fields => fields[2], StringComparer.Ordinal);
        var missing = Packages.Where(p => !IsSatisfied(p, installed)).ToList();
        if (missing.Count == 0)
        {
            return [];
        }

        var refresh = facts.IsTrue("update_marker") || !facts.IsTrue("lists") || _refreshAfter.Any(state.HasChanges);
        var summary = $"install package{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)}" + (refresh ? " (after apt-get update)" : string.Empty);
        return [new Change(summary, null, (shell, token) => InstallAsync(shell, missing, refresh, token)) { Action = "install" }];
    }

    private static async Task InstallAsync(IHostShell shell, IReadOnlyList<string> missing, bool refresh, CancellationToken cancellationToken)
    {
        const string apt = "DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 -q";
        var install = $"{apt} install -y --no-install-recommends {string.Join(' ', missing.Select(Shell.Quote))}";
        var update = $"{apt} update && rm -f {Shell.Quote(UpdateMarker)}";

        // Lists that are merely stale make the install fail with 404s or "unable to locate": update once and retry.
        var script = refresh ? $"set -e\n{update}\n{install}" : $"{install} || {{ {update} && {install}; }}";
        var result = await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess(shell.Name, $"Installing {string.Join(", ", missing)}");
    }

    private static string NameOf(string package) => package.Split('=')[0];

    private static bool IsSatisfied(string package, Dictionary<string, string> installed)
    {
        var parts = package.Split('=', 2);
        return installed.TryGetValue(parts[0], out var version) && (parts.Length == 1 || version == parts[1]);
    }
}
