using Workload.Configuration;
using Workload.Frosting;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(ProvisionJenkins))]
[TaskDescription("Creates or finds the Jenkins host (EC2 instance, local testbed machine or an existing address) and records it in the state file.")]
public sealed class ProvisionJenkins : ProvisionTask
{
    protected override HostRole Role => HostRole.Jenkins;
}
