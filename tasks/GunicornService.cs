using Workload.Application;
using Workload.Configuration;
using Workload.Context;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(GunicornService))]
[TaskDescription("Runs the app under gunicorn as a systemd unit bound to 127.0.0.1:5000.")]
[IsDependentOn(typeof(Nginx))]
public sealed class GunicornService : HostTask
{
    public const string UnitFile = "/etc/systemd/system/gunicorn.service";

    protected override HostRole Role => HostRole.Jenkins;

    protected override IReadOnlyList<Resource> Resources(WorkloadContext context)
    {
        var settings = context.Settings;
        var unit = new ManagedFile(
            UnitFile,
            context.Templates.Render("systemd/gunicorn.service", new
            {
                User = settings.AppUser,
                Group = settings.AppUser,
                settings.AppDirectory,
                EnvironmentFile = settings.AppEnvironmentFile,
                Venv = settings.AppDirectory.TrimEnd('/') + "/venv",
                Bind = settings.GunicornBind,
                Workers = settings.GunicornWorkers,
            }),
            validation: SystemdVerify.For("gunicorn.service"));
        return [unit, new SystemdService("gunicorn", restartWhen: [unit])];
    }

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken) =>
        await AppChecks.VerifyServedAsync(context, host, cancellationToken).ConfigureAwait(false);
}
