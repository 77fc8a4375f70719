using Workload.Context;
using Workload.Frosting;

namespace Workload.TaskBases;

/// <summary>
/// The shape of every task that changes something (a host, a cloud, a file in a repository): check first (ShouldRun: nothing to do
/// means skipped as "in sync"), then either print the plan and stop (the plan setting) or apply it.
/// A dry run lists the task without checking, so it never reaches a host or a cloud. A subclass that reaches hosts
/// says so itself (<see cref="Preflight.IReachesHosts"/>).
/// </summary>
/// <typeparam name="TPlan">What the check found and would change.</typeparam>
public abstract class CheckFirstTask<TPlan> : FrostingTask<WorkloadContext>, Observability.IPlansChanges
    where TPlan : class
{
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

    /// <summary>
    /// Checks, then applies (or only prints, with the plan setting) what the check found: the plan is handed from the
    /// one to the other as a value, so a task's check and apply can run on a lane of their own.
    /// </summary>
    public sealed override async Task<bool> RunIfNeededAsync(WorkloadContext context)
    {
        if (context.RunMode.DryRun)
        {
            // Listed, never checked: a dry run reaches no host and no cloud.
            return true;
        }

        var plan = await CheckAsync(context).ConfigureAwait(false);
        Observability.SavedPlan.Verify(context, Name, Changes(plan));
        var changes = Changes(plan);
        if (changes.Count == 0)
        {
            OnInSync(context, plan);
            context.Journal.Record(Name, TaskOutcome.InSync);
            return false;
        }

        Print(context, plan);
        if (context.Settings.Plan)
        {
            context.Journal.Record(Name, TaskOutcome.Pending, changes);
            return true;
        }

        await ApplyAsync(context, plan).ConfigureAwait(false);
        context.Journal.Record(Name, TaskOutcome.Changed, changes);
        return true;
    }

    /// <summary>The check alone, for a saved plan's comparison before any task runs.</summary>
    public async Task<IReadOnlyList<string>> PlanChangesAsync(WorkloadContext context) => Changes(await CheckAsync(context).ConfigureAwait(false));

    /// <summary>Not used: <see cref="RunIfNeededAsync"/> checks and runs in one go.</summary>
    public sealed override bool ShouldRun(WorkloadContext context) =>
        throw new InvalidOperationException($"{Name} checks and applies in {nameof(RunIfNeededAsync)}.");
}
