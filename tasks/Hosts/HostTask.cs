using Cake.Core.Diagnostics;
using Workload.Frosting;
using Workload.Providers;
using Workload.Resources;

namespace Workload.Hosts;

/// <summary>
/// A task that configures a host in three steps: check (probe the host and plan; in sync: skipped as "in sync"),
/// apply (only the planned changes; with the plan setting, print them and change nothing), verify (the
/// observable result holds).
/// </summary>
public abstract class HostTask : FrostingTask<WorkloadContext>
{
    private HostPlan? _plan;

    /// <summary>The host the task configures.</summary>
    protected abstract HostRole Role { get; }

    /// <inheritdoc/>
    public sealed override string SkippedMessage => "in sync";

    private string Name => TaskMetadata.NameOf(GetType());

    /// <summary>What the host must have, in the order changes are made.</summary>
    protected abstract IReadOnlyList<Resource> Resources(WorkloadContext context);

    /// <summary>Checks the observable result after changes were made (a port answers, a page has its title).</summary>
    protected virtual Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken) => Task.CompletedTask;

    public sealed override bool ShouldRun(WorkloadContext context)
    {
        if (context.RunMode.DryRun)
        {
            // A dry run lists the tasks that would run; it must not reach any host to find out more.
            return true;
        }

        _plan = PlanAsync(context).GetAwaiter().GetResult();
        if (_plan.InSync)
        {
            context.Journal.Record(Name, TaskOutcome.InSync);
            return false;
        }

        return true;
    }

    public sealed override void Run(WorkloadContext context) => RunAsync(context).GetAwaiter().GetResult();

    private async Task RunAsync(WorkloadContext context)
    {
        var plan = _plan ?? await PlanAsync(context).ConfigureAwait(false);
        _plan = null;
        var summaries = plan.Changes.Select(c => c.Summary).ToList();
        PlanPrinter.Print(context.Log, Name, plan, context.Settings.Plan);
        if (context.Settings.Plan)
        {
            context.Journal.Record(Name, TaskOutcome.Pending, summaries);
            return;
        }

        var host = await context.Hosts.GetAsync(Role, context.CancellationToken).ConfigureAwait(false);
        await plan.ApplyAsync(host, change => context.Log.Verbose("{0}: {1}", Name, change.Summary), context.CancellationToken).ConfigureAwait(false);
        await VerifyAsync(context, host, context.CancellationToken).ConfigureAwait(false);
        context.Journal.Record(Name, TaskOutcome.Changed, summaries);
    }

    private async Task<HostPlan> PlanAsync(WorkloadContext context)
    {
        var host = await context.Hosts.GetAsync(Role, context.CancellationToken).ConfigureAwait(false);
        return await HostPlanner.PlanAsync(host, Resources(context), context.CancellationToken).ConfigureAwait(false);
    }
}
