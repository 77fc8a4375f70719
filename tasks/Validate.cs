using Workload.Frosting;

namespace Workload;

[TaskName(nameof(Validate))]
[TaskDescription("Checks the app locally as its Jenkins pipeline would: unit tests and OWASP dependency scan in containers, and our templates.")]
public sealed class Validate : NotImplementedTask
{
    protected override int Issue => 7;
}
