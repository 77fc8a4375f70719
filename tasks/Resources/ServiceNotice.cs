namespace Workload.Resources;

/// <summary>
/// A service that another task manages (its unit, its start) and that must restart or reload when resources of this
/// task change: the App task's files that gunicorn reads, for one. It is declared among this task's resources as a
/// <see cref="SystemdService"/> declares what it follows; the planner turns it into markers those resources record,
/// and the service's own task reads them. It probes and plans nothing itself.
/// </summary>
public sealed class ServiceNotice(string unit, IEnumerable<Resource>? restartWhen = null, IEnumerable<Resource>? reloadWhen = null) : Resource
{
    private readonly SystemdService _service = new(unit, restartWhen, reloadWhen);

    public string Unit => _service.Unit;

    public override string Description => $"what {Unit} restarts or reloads on";

    public override string Probe() => ":";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state) => [];

    public override IEnumerable<Notification> Notifications => _service.Notifications;
}
