using Workload.Context;
using Workload.Frosting;
using Workload.Observability;

namespace Workload;

[TaskName(nameof(Deploy))]
[TaskDescription("The whole workload: both hosts provisioned, configured and verified end to end, then a summary.")]
[IsDependentOn(typeof(JenkinsPipeline))]
[IsDependentOn(typeof(GrafanaDashboard))]
public sealed class Deploy : AsyncFrostingTask<WorkloadContext>, Preflight.IReachesHosts
{
    public override async Task RunAsync(WorkloadContext context)
    {
        if (context.Settings.Plan)
        {
            DeploymentSummary.Print(context, verified: false);
            return;
        }

        await EndToEndChecks.RunAsync(context).ConfigureAwait(false);
        DeploymentSummary.Print(context, verified: true);
    }
}
