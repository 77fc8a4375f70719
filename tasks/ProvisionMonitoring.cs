using Workload.Configuration;
using Workload.Frosting;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(ProvisionMonitoring))]
[TaskDescription("Creates or finds the monitoring host and records it in the state file.")]
[IsDependentOn(typeof(ProvisionJenkins))]
public sealed class ProvisionMonitoring : ProvisionTask
{
    protected override HostRole Role => HostRole.Monitoring;
}
