using Workload.Frosting;

namespace Workload;

[TaskName(nameof(Sudoers))]
[TaskDescription("Grants the jenkins user exactly the gunicorn restart, status and log commands through a checked sudoers drop-in.")]
[IsDependentOn(typeof(GunicornService))]
public sealed class Sudoers : NotImplementedTask
{
    protected override int Issue => 4;
}
