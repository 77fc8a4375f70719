using Workload.Configuration;
using Workload.Context;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.TaskBases;

/// <summary>
/// A task that configures a host: probe its resources in one round trip and plan (in sync: skipped), apply only
/// the planned changes, then verify the observable result.
/// </summary>
public abstract class HostTask : CheckFirstTask<HostPlan>, Frosting.ILaneTask, Preflight.IReachesHosts
{
    /// <summary>Tasks of one host run one after the other; another host's at the same time.</summary>
    public string Lane => HostSessions.RoleName(Role);

    /// <summary>The host the task configures.</summary>
    protected abstract HostRole Role { get; }

    /// <summary>The host the task configures, for opening the run's hosts at its start.</summary>
    public HostRole ConfiguredHost => Role;

    /// <summary>What the host must have, in the order changes are made.</summary>
    protected virtual IReadOnlyList<Resource> Resources(WorkloadContext context) => [];

    /// <summary>
    /// What the host must have when that depends on facts of the host itself (its distribution, the path of a
    /// command): read them with <paramref name="host"/> first, at the cost of one more round trip.
    /// </summary>
    protected virtual Task<IReadOnlyList<Resource>> ResourcesAsync(WorkloadContext context, IHostShell host) =>
        Task.FromResult(Resources(context));

    /// <summary>Checks the observable result after changes were made (a port answers, a page has its title).</summary>
    protected virtual Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>As <see cref="VerifyAsync(WorkloadContext, IHostShell, CancellationToken)"/>, for a check that needs what the plan found (a name read from the resources).</summary>
    protected virtual Task VerifyAsync(WorkloadContext context, IHostShell host, HostPlan plan, CancellationToken cancellationToken) =>
        VerifyAsync(context, host, cancellationToken);

    protected sealed override async Task<HostPlan> CheckAsync(WorkloadContext context)
    {
        if (context.Settings.Plan && !context.Hosts.IsKnown(Role))
        {
            // Its provisioning is pending in this very plan: say what would follow instead of failing.
            var missing = HostSessions.RoleName(Role);
            var pending = HostPlan.ForMissingHost(missing, $"configure the {missing} host once it is provisioned (it does not exist yet, so its checks cannot run)");
            Observability.JsonRunReport.Describe(context, Name, pending);
            return pending;
        }

        var host = await context.Hosts.GetAsync(Role, context.CancellationToken).ConfigureAwait(false);
        var resources = await ResourcesAsync(context, host).ConfigureAwait(false);
        var plan = await HostPlanner.PlanAsync(host, resources, context.CancellationToken).ConfigureAwait(false);
        Observability.JsonRunReport.Describe(context, Name, plan);
        return plan;
    }

    protected sealed override IReadOnlyList<string> Changes(HostPlan plan) => plan.Changes.Select(c => c.Summary).ToList();

    protected sealed override void Print(WorkloadContext context, HostPlan plan) => PlanPrinter.Print(context.Log, Name, plan, context.Settings.Plan);

    protected sealed override async Task ApplyAsync(WorkloadContext context, HostPlan plan)
    {
        var host = await context.Hosts.GetAsync(Role, context.CancellationToken).ConfigureAwait(false);
        // After packages are installed the resources that follow are planned again, and their changes are new
        // objects: a change the plan showed is known by its identity (resource kind, target, action).
        var planned = plan.Changes.Select(c => c.Id).ToHashSet();
        using var progress = new Observability.ChangeProgress(context.Log, plan.Host, Name, planned.Count);
        await plan.ApplyAsync(
            host,
            change =>
            {
                // Changes a package install brought to light were not in the plan shown: say them as they happen.
                progress.Starting(change.Summary, planned.Contains(change.Id));
            },
            context.CancellationToken).ConfigureAwait(false);
        progress.Done();
        await VerifyAsync(context, host, plan, context.CancellationToken).ConfigureAwait(false);
    }
}
