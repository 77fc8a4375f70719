using Workload.Configuration;
using Workload.Context;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(Nginx))]
[TaskDescription("Installs nginx with a site of its own proxying to the app; nginx -t before every reload.")]
[IsDependentOn(typeof(App))]
public sealed class Nginx : HostTask
{
    public const string SiteFile = "/etc/nginx/sites-available/microblog";
    public const string SiteLink = "/etc/nginx/sites-enabled/microblog";
    public const string DefaultSiteLink = "/etc/nginx/sites-enabled/default";

    protected override HostRole Role => HostRole.Jenkins;

    protected override IReadOnlyList<Resource> Resources(WorkloadContext context)
    {
        var check = new FileValidation.InPlace("nginx -t", "nginx -t");
        var site = new ManagedFile(
            SiteFile,
            context.Templates.Render("nginx/microblog.conf", SiteModel(context.Settings)),
            validation: check);

        // The default site claims default_server too: it goes before ours is enabled.
        var withoutDefault = new Symlink(DefaultSiteLink, null, check);
        var enabled = new Symlink(SiteLink, SiteFile, check);
        return
        [
            new AptPackages("nginx", "curl"),
            withoutDefault,
            site,
            enabled,
            new SystemdService("nginx", reloadWhen: [withoutDefault, site, enabled]),
        ];
    }

    /// <summary>What templates/nginx/microblog.conf is rendered with.</summary>
    public static object SiteModel(Configuration.WorkloadSettings settings) =>
        new { ServerName = settings.NginxServerName, AppBind = settings.GunicornBind };

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var result = await host.RunAsync("nginx -t 2>&1 && systemctl is-active --quiet nginx && ss -ltnH 'sport = :80' | grep -q .", cancellationToken: cancellationToken).ConfigureAwait(false);
        result.EnsureSuccess(host.Name, "Checking that nginx runs with a valid configuration and listens on port 80");
    }
}
