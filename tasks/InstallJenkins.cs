using Workload.Frosting;

namespace Workload;

[TaskName(nameof(InstallJenkins))]
[TaskDescription("Installs Java and Jenkins from its signed apt repository, enabled and answering /login.")]
[IsDependentOn(typeof(ProvisionJenkins))]
public sealed class InstallJenkins : NotImplementedTask
{
    protected override int Issue => 4;
}
