using Workload.Frosting;

namespace Workload.Hosts;

/// <summary>
/// The shape of every task that changes something (a host, a cloud, a file in a repository): check first (ShouldRun: nothing to do
/// means skipped as "in sync"), then either print the plan and stop (the plan setting) or apply it.
/// A dry run lists the task without checking, so it never reaches a host or a cloud. A subclass that reaches hosts
/// says so itself (<see cref="Preflight.IReachesHosts"/>).
/// </summary>
/// <typeparam name="TPlan">What the check found and would change.</typeparam>
public abstract class CheckFirstTask<TPlan> : FrostingTask<WorkloadContext>
    where TPlan : class
{
    private TPlan? _plan;

    /// <inheritdoc/>
    public sealed override string SkippedMessage => "in sync";

    protected string Name => TaskMetadata.NameOf(GetType());

    /// <summary>Reads what is there and plans the changes; changes nothing.</summary>
    protected abstract Task<TPlan> CheckAsync(WorkloadContext context);

    /// <summary>The changes in words; empty when in sync.</summary>
    protected abstract IReadOnlyList<string> Changes(TPlan plan);

    /// <summary>Shows the plan (with diffs where there are files).</summary>
    protected abstract void Print(WorkloadContext context, TPlan plan);

    /// <summary>Makes the planned changes and checks the result.</summary>
    protected abstract Task ApplyAsync(WorkloadContext context, TPlan plan);

    /// <summary>Called when the check found nothing to change.</summary>
    protected virtual void OnInSync(WorkloadContext context, TPlan plan)
    {
    }

    public sealed override bool ShouldRun(WorkloadContext context)
    {
        if (context.RunMode.DryRun)
        {
            return true;
        }

        _plan = CheckAsync(context).GetAwaiter().GetResult();
        if (Changes(_plan).Count > 0)
        {
            return true;
        }

        OnInSync(context, _plan);
        context.Journal.Record(Name, TaskOutcome.InSync);
        return false;
    }

    public sealed override void Run(WorkloadContext context) => RunAsync(context).GetAwaiter().GetResult();

    private async Task RunAsync(WorkloadContext context)
    {
        var plan = _plan ?? await CheckAsync(context).ConfigureAwait(false);
        _plan = null;
        var changes = Changes(plan);
        Print(context, plan);
        if (context.Settings.Plan)
        {
            context.Journal.Record(Name, TaskOutcome.Pending, changes);
            return;
        }

        await ApplyAsync(context, plan).ConfigureAwait(false);
        context.Journal.Record(Name, TaskOutcome.Changed, changes);
    }
}
