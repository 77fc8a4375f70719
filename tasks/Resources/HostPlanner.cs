using System.Text;
using Workload.Hosts;

namespace Workload.Resources;

/// <summary>Probes every resource of a task in one round trip to the host, then plans each in order.</summary>
public static class HostPlanner
{
    private const string Begin = "@@workload-probe-begin ";
    private const string End = "@@workload-probe-end ";

    /// <summary>Resolves the resources' <see cref="Notification"/>s, then probes and plans them.</summary>
    public static async Task<HostPlan> PlanAsync(IHostShell host, IReadOnlyList<Resource> resources, CancellationToken cancellationToken)
    {
        Notification.Resolve(resources);
        var state = new PlanningState();
        return new HostPlan(host.Name, await PlanAsync(host, resources, state, cancellationToken).ConfigureAwait(false), state);
    }

    /// <summary>Probes and plans <paramref name="resources"/>, recording their changes in <paramref name="state"/>.</summary>
    internal static async Task<IReadOnlyList<PlannedResource>> PlanAsync(IHostShell host, IReadOnlyList<Resource> resources, PlanningState state, CancellationToken cancellationToken)
    {
        var facts = await ProbeAsync(host, resources, cancellationToken).ConfigureAwait(false);
        var items = new List<PlannedResource>();
        foreach (var (resource, index) in resources.Select((r, i) => (r, i)))
        {
            var changes = Identify(resource, resource.Plan(facts[index], state));
            state.Record(resource, changes);
            items.Add(new PlannedResource(resource, changes));
        }

        return items;
    }

    /// <summary>Gives each change its identity; a resource that names no action gets its changes numbered.</summary>
    private static List<Change> Identify(Resource resource, IReadOnlyList<Change> changes) =>
        changes.Select((change, i) => change with { Id = new ChangeId(resource.GetType().Name, resource.Description, change.Action ?? $"change {i + 1}") }).ToList();

    private static async Task<IReadOnlyList<ResourceFacts>> ProbeAsync(IHostShell host, IReadOnlyList<Resource> resources, CancellationToken cancellationToken)
    {
        if (resources.Count == 0)
        {
            return [];
        }

        var script = new StringBuilder();
        for (var i = 0; i < resources.Count; i++)
        {
            // Each probe runs in its own subshell, so one that fails cannot stop the others or leak variables.
            script.Append("echo '").Append(Begin).Append(i).Append("'\n(\n").Append(resources[i].Probe()).Append("\n) 2>/dev/null\n")
                .Append("echo '").Append(End).Append(i).Append("'\n");
        }

        var result = await host.ReadAsync(script.ToString(), cancellationToken).ConfigureAwait(false);
        var sections = new List<string>[resources.Count];
        List<string>? current = null;
        foreach (var line in result.Output.Split('\n'))
        {
            if (line.StartsWith(Begin, StringComparison.Ordinal))
            {
                current = sections[int.Parse(line[Begin.Length..], System.Globalization.CultureInfo.InvariantCulture)] = [];
            }
            else if (line.StartsWith(End, StringComparison.Ordinal))
            {
                current = null;
            }
            else
            {
                current?.Add(line);
            }
        }

        var missing = Enumerable.Range(0, resources.Count).FirstOrDefault(i => sections[i] is null, -1);
        if (missing >= 0)
        {
            throw new HostCommandException(host.Name, $"Checking {resources[missing].Description}", result);
        }

        return sections.Select(lines => new ResourceFacts(lines)).ToList();
    }
}

/// <summary>A resource and the changes it needs.</summary>
public sealed record PlannedResource(Resource Resource, IReadOnlyList<Change> Changes);

/// <summary>What one task would change on one host, in order.</summary>
public sealed class HostPlan(string host, IReadOnlyList<PlannedResource> items, PlanningState state)
{
    public string Host { get; } = host;

    public IReadOnlyList<PlannedResource> Items { get; } = items;

    public IReadOnlyList<Change> Changes { get; } = items.SelectMany(i => i.Changes).ToList();

    public bool InSync => Changes.Count == 0;

    /// <summary>
    /// The plan for a host that a pending provisioning has not made yet (plan mode only): one change saying so,
    /// which cannot be applied.
    /// </summary>
    public static HostPlan ForMissingHost(string host, string what) => new(
        host,
        [new PlannedResource(new MissingHost(host), [new Change(what, null, (_, _) => throw new InvalidOperationException($"The {host} host does not exist yet."))])],
        new PlanningState());

    private sealed class MissingHost(string host) : Resource
    {
        public override string Description => $"the {host} host";

        public override string Probe() => string.Empty;

        public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state) => [];
    }

    /// <summary>
    /// Makes every change in order, telling <paramref name="progress"/> before each. After a resource that
    /// <see cref="Resource.ReplansWhatFollows"/> changed something (packages were installed), the resources that
    /// follow are probed and planned again.
    /// </summary>
    /// <returns>The changes made, which may be more than the plan showed.</returns>
    public async Task<IReadOnlyList<Change>> ApplyAsync(IHostShell shell, Action<Change> progress, CancellationToken cancellationToken)
    {
        var made = new List<Change>();
        var items = Items.ToList();
        for (var index = 0; index < items.Count; index++)
        {
            foreach (var change in items[index].Changes)
            {
                progress(change);
                await change.Apply(shell, cancellationToken).ConfigureAwait(false);
                made.Add(change);
            }

            if (items[index].Resource.ReplansWhatFollows && items[index].Changes.Count > 0 && index + 1 < items.Count)
            {
                var rest = items.Skip(index + 1).Select(i => i.Resource).ToList();
                var replanned = await HostPlanner.PlanAsync(shell, rest, state, cancellationToken).ConfigureAwait(false);
                items = [.. items.Take(index + 1), .. replanned];
            }
        }

        return made;
    }
}
