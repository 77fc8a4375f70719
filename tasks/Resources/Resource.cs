using Workload.Hosts;

namespace Workload.Resources;

/// <summary>
/// Something a task wants on a host: a package, a file, a service. It is read (its probe prints facts, changing
/// nothing), then compared with what is wanted (its plan lists the changes, empty when the host is right), and
/// only then changed (each change applies itself). Facts are kept apart from changes, as in pyinfra.
/// </summary>
public abstract class Resource
{
    /// <summary>What it is, in words: "package nginx", "file /etc/nginx/sites-available/microblog".</summary>
    public abstract string Description { get; }

    /// <summary>
    /// A POSIX sh fragment, run as root, that prints <c>key=value</c> lines about the host. It must change nothing
    /// and must work when the thing is absent (and when the package that would provide it is not installed yet).
    /// </summary>
    public abstract string Probe();

    /// <summary>The changes that would make the host right, given the probe's facts; empty when it already is.</summary>
    public abstract IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state);

    /// <summary>
    /// Whether, once this resource changed something, the resources after it must be probed and planned again: a
    /// package brings files and services of its own (nginx's default site, a service its install starts) that the
    /// first plan could not see.
    /// </summary>
    public virtual bool ReplansWhatFollows => false;

    /// <summary>What this resource follows (a service's restart or reload on a file's change); the planner resolves them.</summary>
    public virtual IEnumerable<Notification> Notifications => [];
}

/// <summary>One change to a host: what it does in words, the diff for a file, and how to make it.</summary>
/// <param name="Summary">"install packages nginx, curl", "update file /etc/...", "restart gunicorn (its unit changed)".</param>
/// <param name="Diff">A unified diff for file contents, or null.</param>
/// <param name="Apply">Makes the change; throws when it could not.</param>
public sealed record Change(string Summary, string? Diff, Func<IHostShell, CancellationToken, Task> Apply)
{
    /// <summary>What the change does to its resource, in a word or two ("create", "update", "install", "restart").</summary>
    public string? Action { get; init; }

    /// <summary>
    /// Which change this is, apart from its words: the resource's kind and target and the action, given by
    /// <see cref="HostPlanner"/>. A change planned again after packages were installed has the same identity as
    /// the one the plan showed when it does the same thing.
    /// </summary>
    public ChangeId? Id { get; init; }
}

/// <summary>A change's identity: the kind of resource ("ManagedFile"), its target ("file /etc/nginx/nginx.conf") and the action ("update").</summary>
public readonly record struct ChangeId(string Kind, string Target, string Action);

/// <summary>What the planning of one task knows so far: which resources have changes, so that dependants can react.</summary>
public sealed class PlanningState
{
    private readonly HashSet<Resource> _changed = [];

    public bool HasChanges(Resource resource) => _changed.Contains(resource);

    internal void Record(Resource resource, IReadOnlyList<Change> changes)
    {
        if (changes.Count > 0)
        {
            _changed.Add(resource);
        }
    }
}
