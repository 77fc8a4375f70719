using Workload.Frosting;

namespace Workload;

[TaskName(nameof(GunicornService))]
[TaskDescription("Runs the app under gunicorn as a systemd unit bound to 127.0.0.1:5000.")]
[IsDependentOn(typeof(Nginx))]
public sealed class GunicornService : NotImplementedTask
{
    protected override int Issue => 4;
}
