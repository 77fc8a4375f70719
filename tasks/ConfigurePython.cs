using Workload.Frosting;

namespace Workload;

[TaskName(nameof(ConfigurePython))]
[TaskDescription("Installs the configured Python version with venv and pip, without touching the system python3.")]
[IsDependentOn(typeof(InstallJenkins))]
public sealed class ConfigurePython : NotImplementedTask
{
    protected override int Issue => 4;
}
