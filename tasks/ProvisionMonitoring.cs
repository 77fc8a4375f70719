using Workload.Frosting;

namespace Workload;

[TaskName(nameof(ProvisionMonitoring))]
[TaskDescription("Creates or finds the monitoring host and records it in the state file.")]
[IsDependentOn(typeof(NodeExporter))]
public sealed class ProvisionMonitoring : NotImplementedTask
{
    protected override int Issue => 6;
}
