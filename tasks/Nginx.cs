using Workload.Frosting;

namespace Workload;

[TaskName(nameof(Nginx))]
[TaskDescription("Installs nginx with a site of its own proxying to the app; nginx -t before every reload.")]
[IsDependentOn(typeof(App))]
public sealed class Nginx : NotImplementedTask
{
    protected override int Issue => 4;
}
