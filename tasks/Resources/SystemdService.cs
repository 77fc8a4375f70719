using Workload.Hosts;

namespace Workload.Resources;

/// <summary>
/// A systemd service that must be enabled and running. It restarts or reloads only when something it reads
/// changed: in this run (a watched resource has changes) or in an earlier run that failed before the restart
/// (a marker on the host). A changed unit file brings a daemon-reload first.
/// </summary>
public sealed class SystemdService : Resource
{
    private readonly IReadOnlyList<Resource> _restartWhen;
    private readonly IReadOnlyList<Resource> _reloadWhen;

    public SystemdService(string unit, IEnumerable<Resource>? restartWhen = null, IEnumerable<Resource>? reloadWhen = null)
    {
        Unit = unit.Contains('.', StringComparison.Ordinal) ? unit : unit + ".service";
        _restartWhen = restartWhen?.ToList() ?? [];
        _reloadWhen = reloadWhen?.ToList() ?? [];
    }

    public string Unit { get; }

    public override string Description => $"service {Unit}";

    /// <summary>A restart owed for each watched resource that records it (a marker), and a reload likewise.</summary>
    public override IEnumerable<Notification> Notifications =>
        Follow(_restartWhen, "restart").Concat(Follow(_reloadWhen, "reload"));

    internal IEnumerable<Notification> Follow(IEnumerable<Resource> watched, string action) =>
        watched.OfType<NotifyingResource>().Select(r => new Notification(r, Markers.For(Unit, action)));

    public override string Probe() =>
        $"systemctl show -p LoadState -p ActiveState -p UnitFileState -p NeedDaemonReload {Shell.Quote(Unit)}\n" +
        $"for a in restart reload; do if [ -e {Markers.Directory}/{Unit}.$a ]; then echo marker=$a; fi; done";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var markers = facts.GetAll("marker");
        var notFound = facts.Get("LoadState") is "not-found" or null;
        var steps = new List<string>();
        var actions = new List<string>();
        var script = new List<string> { "set -e" };
        var unitChanged = _restartWhen.OfType<ManagedFile>().Any(f => f.Path.StartsWith("/etc/systemd/", StringComparison.Ordinal) && state.HasChanges(f));
        if (facts.Get("NeedDaemonReload") == "yes" || unitChanged)
        {
            steps.Add("daemon-reload");
            actions.Add("daemon-reload");
            script.Add("systemctl daemon-reload");
        }

        if (notFound || facts.Get("UnitFileState") is not ("enabled" or "enabled-runtime" or "static" or "alias" or "generated"))
        {
            steps.Add("enable");
            actions.Add("enable");
            script.Add($"systemctl enable {Shell.Quote(Unit)}");
        }

        var restartReason = _restartWhen.FirstOrDefault(state.HasChanges)?.Description ?? (markers.Contains("restart") ? "an earlier run's change" : null);
        var reloadReason = _reloadWhen.FirstOrDefault(state.HasChanges)?.Description ?? (markers.Contains("reload") ? "an earlier run's change" : null);
        // restart and reload-or-restart also start a stopped service, and they are right even when the service was
        // not there at planning time but its package starts it on install (then only a restart loads our files).
        if (restartReason is not null)
        {
            steps.Add($"restart (after {restartReason})");
            actions.Add("restart");
            script.Add($"systemctl restart {Shell.Quote(Unit)}");
        }
        else if (reloadReason is not null)
        {
            steps.Add($"reload (after {reloadReason})");
            actions.Add("reload");
            script.Add($"systemctl reload-or-restart {Shell.Quote(Unit)}");
        }
        else if (notFound || facts.Get("ActiveState") != "active")
        {
            steps.Add("start");
            actions.Add("start");
            script.Add($"systemctl start {Shell.Quote(Unit)}");
        }

        if (steps.Count == 0)
        {
            return [];
        }

        script.Add($"rm -f {Markers.Directory}/{Unit}.restart {Markers.Directory}/{Unit}.reload");
        var summary = $"{string.Join(", ", steps)} {Unit}" + (notFound ? " (its unit comes with an earlier change)" : string.Empty);
        return [new Change(summary, null, (shell, token) => ApplyAsync(shell, string.Join('\n', script), token)) { Action = string.Join(", ", actions) }];
    }

    private async Task ApplyAsync(IHostShell shell, string script, CancellationToken cancellationToken)
    {
        var result = await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            var journal = await shell.RunAsync($"journalctl -u {Shell.Quote(Unit)} -n 30 --no-pager", cancellationToken: cancellationToken).ConfigureAwait(false);
            throw new HostCommandException(shell.Name, $"Starting {Unit}", result with { Error = result.Error + "\n" + journal.Output });
        }
    }
}
