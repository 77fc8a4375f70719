using Workload.Frosting;

namespace Workload;

[TaskName(nameof(Deploy))]
[TaskDescription("The whole workload: both hosts provisioned, configured and verified end to end.")]
[IsDependentOn(typeof(GrafanaDashboard))]
public sealed class Deploy : FrostingTask<WorkloadContext>
{
}
