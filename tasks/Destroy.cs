using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Frosting;
using Workload.Providers;
using Workload.TaskBases;

namespace Workload;

/// <summary>
/// Deletes what the provider the configuration names made, and nothing else: for aws every instance, security
/// group and key pair tagged Project=&lt;project&gt; and ManagedBy=microblog-workload; for local the project's
/// testbed machines. Checked first like every task: it lists them, and with --plan only lists. Running it again
/// when all is gone changes nothing. The local private key file is kept: it may be the user's only copy.
/// </summary>
[TaskName(nameof(Destroy))]
[TaskDescription("Deletes what the provider made: AWS instances, security groups and key pair found by their tags, or the local testbed machines; with --plan, only lists them.")]
public sealed class Destroy : CheckFirstTask<TeardownPlan>, Preflight.IReachesHosts, Preflight.IDestroysHosts
{
    protected override async Task<TeardownPlan> CheckAsync(WorkloadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var plan = await context.Provider.CheckDestroyAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var leftAlone in plan.LeftAlone)
        {
            context.Log.Warning("Left alone: {0}.", leftAlone);
        }

        Observability.JsonRunReport.Describe(
            context,
            Name,
            null,
            [.. plan.Deletions.Select(deletion => new JournalChange(deletion, "teardown", $"{context.Provider.Name} provider", null))]);
        return plan;
    }

    protected override IReadOnlyList<string> Changes(TeardownPlan plan) => plan.Deletions;

    protected override void Print(WorkloadContext context, TeardownPlan plan)
    {
        foreach (var deletion in plan.Deletions)
        {
            context.Log.Information("{0}: {1}", context.Settings.Plan ? "Would" : "Will", deletion);
        }
    }

    protected override async Task ApplyAsync(WorkloadContext context, TeardownPlan plan)
    {
        await context.Provider.DestroyAsync(plan, context.CancellationToken).ConfigureAwait(false);
        Forget(context);
        context.Log.Information("Destroyed: {0}", string.Join("; ", plan.Deletions));
    }

    protected override void OnInSync(WorkloadContext context, TeardownPlan plan)
    {
        context.Log.Information("{0}", plan.NothingLeft);
        if (!context.Settings.Plan)
        {
            Forget(context);
        }
    }

    /// <summary>The state no longer describes hosts that exist: later tasks must not try to reach them.</summary>
    private static void Forget(WorkloadContext context)
    {
        if (!File.Exists(context.StateStore.Path))
        {
            return;
        }

        var state = context.StateStore.Load();
        if (context.Provider.Forget(state))
        {
            context.StateStore.Save(state);
        }
    }
}
