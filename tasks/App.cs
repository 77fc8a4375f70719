using Workload.Application;
using Workload.Configuration;
using Workload.Context;
using Workload.Downloads;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Platform;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(App))]
[TaskDescription("Puts the microblog app on the host with its venv, requirements, translations, database and settings file.")]
[IsDependentOn(typeof(ConfigurePython))]
public sealed class App : HostTask, IDeclaresDownloads
{
    protected override HostRole Role => HostRole.Jenkins;

    /// <summary>The unit that must restart when the app or its settings change (it is set up by GunicornService).</summary>
    public const string ServiceUnit = "gunicorn.service";

    /// <summary>pip's own default index, used unless pipIndexUrl or pipNoIndex says otherwise.</summary>
    public const string DefaultPythonIndex = "https://pypi.org/simple/";

    public IEnumerable<Download> Downloads(WorkloadContext context)
    {
        var settings = context.Settings;
        if (settings.App is null)
        {
            yield return Download.GitRepository("appRepository", settings.AppRepository, "the app's git repository", HostRole.Jenkins);
        }

        if (!settings.PipNoIndex)
        {
            yield return Download.PythonIndex(
                "pipIndexUrl", settings.PipIndexUrl ?? DefaultPythonIndex, "the Python package index of the app's requirements and appExtraPackages", HostRole.Jenkins);
        }
    }

    protected override async Task<IReadOnlyList<Resource>> ResourcesAsync(WorkloadContext context, IHostShell host)
    {
        var settings = context.Settings;
        var python = (await context.JenkinsHostChoicesAsync(host).ConfigureAwait(false)).Python.Version;
        AppSource source = settings.App is { } local
            ? new AppSource.LocalDirectory(local)
            : new AppSource.Git(settings.AppRepository, settings.AppRef);
        var build = AppBuild.From(settings, python);
        var environment = new AppEnvironmentFile(settings.AppEnvironmentFile, settings.AppUser, DatabaseUrl(settings));
        var deployment = new AppDeployment(source, settings.AppDirectory, settings.AppUser, settings.AppEnvironmentFile, build);

        return
        [
            new AptPackages(["git", .. settings.AppSystemPackages]),
            new ManagedDirectory(settings.AppDirectory, new FileOwnership(settings.AppUser, settings.AppUser, "0755")),
            environment,
            deployment,

            // gunicorn reads both; GunicornService restarts it when either changed, in this run or an interrupted one.
            new ServiceNotice(ServiceUnit, restartWhen: [environment, deployment]),
        ];
    }

    /// <summary>The configured DATABASE_URL, or SQLite in the app directory.</summary>
    public static string DatabaseUrl(Configuration.WorkloadSettings settings) =>
        settings.DatabaseUrl ?? $"sqlite:///{settings.AppDirectory.TrimEnd('/')}/app.db";
}
