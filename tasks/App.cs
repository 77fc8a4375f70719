using Workload.Application;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Providers;
using Workload.Resources;

namespace Workload;

[TaskName(nameof(App))]
[TaskDescription("Puts the microblog app on the host with its venv, requirements, translations, database and settings file.")]
[IsDependentOn(typeof(ConfigurePython))]
public sealed class App : HostTask
{
    protected override HostRole Role => HostRole.Jenkins;

    /// <summary>The unit that must restart when the app or its settings change (it is set up by GunicornService).</summary>
    public const string ServiceUnit = "gunicorn.service";

    protected override IReadOnlyList<Resource> Resources(WorkloadContext context)
    {
        var settings = context.Settings;
        AppSource source = settings.App is { } local
            ? new AppSource.LocalDirectory(local)
            : new AppSource.Git(settings.AppRepository, settings.AppRef);
        var build = AppBuild.From(settings);
        var environment = new AppEnvironmentFile(settings.AppEnvironmentFile, settings.AppUser, DatabaseUrl(settings));
        var deployment = new AppDeployment(source, settings.AppDirectory, settings.AppUser, settings.AppEnvironmentFile, build);

        // gunicorn reads both; GunicornService restarts it when either changed, in this run or an interrupted one.
        environment.AddMarker(Markers.For(ServiceUnit, "restart"));
        deployment.AddMarker(Markers.For(ServiceUnit, "restart"));
        return
        [
            new AptPackages(["git", .. settings.AppSystemPackages]),
            new ManagedDirectory(settings.AppDirectory, new FileOwnership(settings.AppUser, settings.AppUser, "0755")),
            environment,
            deployment,
        ];
    }

    /// <summary>The configured DATABASE_URL, or SQLite in the app directory.</summary>
    public static string DatabaseUrl(Configuration.WorkloadSettings settings) =>
        settings.DatabaseUrl ?? $"sqlite:///{settings.AppDirectory.TrimEnd('/')}/app.db";
}
