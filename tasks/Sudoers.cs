using Workload.Configuration;
using Workload.Context;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(Sudoers))]
[TaskDescription("Grants the jenkins user exactly the gunicorn restart, status and log commands through a checked sudoers drop-in.")]
[IsDependentOn(typeof(GunicornService))]
public sealed class Sudoers : HostTask
{
    public const string DropIn = "/etc/sudoers.d/microblog-jenkins";

    protected override HostRole Role => HostRole.Jenkins;

    protected override async Task<IReadOnlyList<Resource>> ResourcesAsync(WorkloadContext context, IHostShell host)
    {
        // sudo matches a command by its path: use the paths this host has, not a distribution's guess.
        var facts = await HostFacts.ReadAsync(host, "echo systemctl=$(command -v systemctl); echo journalctl=$(command -v journalctl)", context.CancellationToken).ConfigureAwait(false);
        var systemctl = facts.Get("systemctl") is { Length: > 0 } s ? s : throw new InvalidOperationException("The jenkins host has no systemctl; the gunicorn grant needs systemd.");
        var journalctl = facts.Get("journalctl") is { Length: > 0 } j ? j : throw new InvalidOperationException("The jenkins host has no journalctl; the gunicorn grant needs systemd.");
        var content = context.Templates.Render("sudoers/microblog-jenkins", DropInModel(context.Settings, systemctl, journalctl));
        return [new ManagedFile(DropIn, content, new FileOwnership("root", "root", "0440"), new FileValidation.Standalone("visudo -cf {path}", "visudo -cf"))];
    }

    /// <summary>What templates/sudoers/microblog-jenkins is rendered with.</summary>
    public static object DropInModel(Configuration.WorkloadSettings settings, string systemctl, string journalctl) =>
        new { User = settings.AppUser, Systemctl = systemctl, Journalctl = journalctl };

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var user = context.Settings.AppUser;
        var listed = await host.RunAsync($"sudo -l -U {Shell.Quote(user)}", cancellationToken: cancellationToken).ConfigureAwait(false);
        listed.EnsureSuccess(host.Name, $"Listing what {user} may run with sudo");
        foreach (var command in new[] { "restart gunicorn", "is-active --quiet gunicorn", "-u gunicorn.service" })
        {
            if (!listed.Output.Contains(command, StringComparison.Ordinal))
            {
                throw new HostCommandException(host.Name, $"Checking that sudo -l -U {user} lists '{command}'", listed);
            }
        }
    }
}
