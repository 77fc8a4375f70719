using Workload.Frosting;

namespace Workload;

[TaskName(nameof(ProvisionJenkins))]
[TaskDescription("Creates or finds the Jenkins host (EC2 instance, local testbed machine or an existing address) and records it in the state file.")]
public sealed class ProvisionJenkins : NotImplementedTask
{
    protected override int Issue => 6;
}
