using Cake.Core.Diagnostics;
using Workload.Frosting;
using Workload.Hosts;
using Workload.State;

namespace Workload.Providers;

/// <summary>
/// Makes sure the host of a role exists (creating or starting it through the provider) and that the state file
/// records it, so every later task, even run alone, knows where the host is.
/// </summary>
public abstract class ProvisionTask : FrostingTask<WorkloadContext>
{
    private ProvisionCheck? _check;

    protected abstract HostRole Role { get; }

    /// <inheritdoc/>
    public sealed override string SkippedMessage => "in sync";

    private string Name => TaskMetadata.NameOf(GetType());

    public sealed override bool ShouldRun(WorkloadContext context)
    {
        if (context.RunMode.DryRun)
        {
            return true;
        }

        _check = context.Provider.CheckAsync(Role, context.CancellationToken).GetAwaiter().GetResult();
        if (!_check.InSync)
        {
            return true;
        }

        Record(context, _check.Existing!);
        context.Journal.Record(Name, TaskOutcome.InSync);
        return false;
    }

    public sealed override void Run(WorkloadContext context)
    {
        var check = _check ?? context.Provider.CheckAsync(Role, context.CancellationToken).GetAwaiter().GetResult();
        var summaries = check.Changes.ToList();
        var verb = context.Settings.Plan ? "would make" : "makes";
        context.Log.Information("{0} ({1} provider) {2} {3} change{4}:", Name, context.Provider.Name, verb, summaries.Count, summaries.Count == 1 ? string.Empty : "s");
        foreach (var summary in summaries)
        {
            context.Log.Information("  + {0}", summary);
        }

        if (context.Settings.Plan)
        {
            context.Journal.Record(Name, TaskOutcome.Pending, summaries);
            return;
        }

        var record = context.Provider.ApplyAsync(check, context.CancellationToken).GetAwaiter().GetResult();
        Record(context, record);
        context.Journal.Record(Name, TaskOutcome.Changed, summaries);
    }

    /// <summary>Writes the host into the state file when it is not there as it is; never in plan mode, which changes nothing.</summary>
    private void Record(WorkloadContext context, HostRecord record)
    {
        if (context.Settings.Plan)
        {
            return;
        }

        var state = context.StateStore.Load();
        state.Provider = context.Provider.Name;
        var role = HostSessions.RoleName(Role);
        if (state.Hosts.TryGetValue(role, out var known) && System.Text.Json.JsonSerializer.Serialize(known) == System.Text.Json.JsonSerializer.Serialize(record))
        {
            return;
        }

        state.Hosts[role] = record;
        context.StateStore.Save(state);
        context.Log.Information("{0}: recorded the {1} host ({2}) in {3}", Name, role, record.PublicAddress, context.StateStore.Path);
    }
}
