using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Context;
using Workload.Hosts;
using Workload.Providers;
using Workload.State;

namespace Workload.TaskBases;

/// <summary>
/// Makes sure the host of a role exists (creating or starting it through the provider) and that the state file
/// records it, so every later task, even run alone, knows where the host is.
/// </summary>
public abstract class ProvisionTask : CheckFirstTask<ProvisionCheck>, Frosting.ILaneTask, Preflight.IReachesHosts
{
    /// <summary>Provisioning is the first work on its host's lane.</summary>
    public string Lane => HostSessions.RoleName(Role);

    protected abstract HostRole Role { get; }

    protected sealed override async Task<ProvisionCheck> CheckAsync(WorkloadContext context)
    {
        var check = await context.Provider.CheckAsync(Role, context.CancellationToken).ConfigureAwait(false);
        var host = HostSessions.RoleName(Role);
        Observability.JsonRunReport.Describe(
            context,
            Name,
            host,
            [.. Changes(check).Select(change => new JournalChange(change, "host", $"the {host} host ({context.Provider.Name} provider)", null))]);
        return check;
    }

    protected sealed override IReadOnlyList<string> Changes(ProvisionCheck plan) =>
        plan.InSync ? [] : plan.Changes.Count > 0 ? plan.Changes : [$"provision the {HostSessions.RoleName(Role)} host"];

    protected sealed override void Print(WorkloadContext context, ProvisionCheck plan)
    {
        var changes = Changes(plan);
        var verb = context.Settings.Plan ? "would make" : "makes";
        // One write: another host's lines, printed at the same time, never land inside it.
        context.Log.Information(
            "{0} ({1} provider) {2} {3} change{4}:{5}",
            Name,
            context.Provider.Name,
            verb,
            changes.Count,
            changes.Count == 1 ? string.Empty : "s",
            string.Concat(changes.Select(change => "\n  + " + change)));
    }

    protected sealed override async Task ApplyAsync(WorkloadContext context, ProvisionCheck plan) =>
        Record(context, await context.Provider.ApplyAsync(plan, context.CancellationToken).ConfigureAwait(false));

    protected sealed override void OnInSync(WorkloadContext context, ProvisionCheck plan) => Record(context, plan.Existing!);

    /// <summary>Writes the host into the state file when it is not there as it is; never in plan mode, which changes nothing.</summary>
    private void Record(WorkloadContext context, HostRecord record)
    {
        if (context.Settings.Plan)
        {
            return;
        }

        var state = context.StateStore.Load();
        var role = HostSessions.RoleName(Role);
        if (state.Provider == context.Provider.Name && state.Hosts.TryGetValue(role, out var known)
            && System.Text.Json.JsonSerializer.Serialize(known) == System.Text.Json.JsonSerializer.Serialize(record))
        {
            return;
        }

        state.Provider = context.Provider.Name;
        state.Hosts[role] = record;
        context.StateStore.Save(state);
        context.Log.Information("{0}: recorded the {1} host ({2}) in {3}", Name, role, record.PublicAddress, context.StateStore.Path);
    }
}
