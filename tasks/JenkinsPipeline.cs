using System.Globalization;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Context;
using Workload.Downloads;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Jenkins;
using Workload.Preflight;
using Workload.Resources;
using Workload.TaskBases;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(JenkinsPipeline))]
[TaskDescription("Configures Jenkins to run the workload's pipeline: plugins, the NVD credential, the DP-Check tool, the multibranch job; then reads back the first build.")]
[IsDependentOn(typeof(NodeExporter))]
public sealed class JenkinsPipeline : HostTask, IHasRequirements, IDeclaresDownloads
{
    /// <summary>The plugins the pipeline needs, by short name; the plugin manager resolves their dependencies.</summary>
    public static readonly IReadOnlyList<string> RequiredPlugins =
    [
        "workflow-aggregator", "workflow-multibranch", "pipeline-model-definition", "git", "junit",
        "credentials", "plain-credentials", "credentials-binding", "dependency-check-jenkins-plugin",
    ];

    /// <summary>Where the repository password lives on the Jenkins host (root only), when the tool sets that credential.</summary>
    public const string RepositoryPasswordFile = "/etc/jenkins/repository-password";

    /// <summary>
    /// The tool's own pins of Dependency-Check release zips, for versions it defaults to. 12.1.0: checked 2026-11-28
    /// against Homebrew's dependency-check formula for that release (Homebrew/homebrew-core, Formula/d/dependency-check.rb).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> KnownDependencyCheckDigests = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["12.1.0"] = "0e5ba6ae58e753d5841048c6c8e495dbc4c7a4ea921a2b14daeac65195700532",
    };

    /// <summary>The SHA-256 the Dependency-Check zip must have: the setting's, or the tool's pin for the version; null when neither.</summary>
    public static string? DependencyCheckSha256(WorkloadSettings settings) =>
        settings.JenkinsDependencyCheckSha256 ?? KnownDependencyCheckDigests.GetValueOrDefault(settings.JenkinsDependencyCheckVersion);

    /// <summary>The URL of the Dependency-Check release zip of the configured version.</summary>
    public static string DependencyCheckZipUrl(WorkloadSettings settings) =>
        $"{settings.JenkinsDependencyCheckBaseUrl.TrimEnd('/')}/v{settings.JenkinsDependencyCheckVersion}/dependency-check-{settings.JenkinsDependencyCheckVersion}-release.zip";

    /// <summary>The oldest Dependency-Check that can still read the NVD's API.</summary>
    private static readonly Version OldestDependencyCheck = new(12, 1, 0);

    private FirstBuild? _firstBuild;
    private bool _warnedAboutKey;

    protected override HostRole Role => HostRole.Jenkins;

    public IEnumerable<string> UnmetRequirements(WorkloadContext context) => Problems(context.Settings);

    /// <summary>Each setting this task cannot work with, with what is expected; checked before anything changes.</summary>
    public static IEnumerable<string> Problems(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.JenkinsAdminPassword is null)
        {
            yield return "jenkinsAdminPassword: required by JenkinsPipeline (it configures Jenkins through its API as the admin user): set the environment variable WORKLOAD_JENKINS_ADMIN_PASSWORD";
        }

        if (DependencyCheckSha256(settings) is null)
        {
            yield return $"jenkinsDependencyCheckSha256: required by JenkinsPipeline for jenkinsDependencyCheckVersion {settings.JenkinsDependencyCheckVersion}: the release zip runs on the Jenkins host and is accepted only with its pinned SHA-256 (the tool pins only {string.Join(", ", KnownDependencyCheckDigests.Keys)})";
        }

        if (!System.Version.TryParse(settings.JenkinsDependencyCheckVersion, out var version) || settings.JenkinsDependencyCheckVersion.Count(c => c == '.') != 2)
        {
            yield return $"jenkinsDependencyCheckVersion: got \"{settings.JenkinsDependencyCheckVersion}\", expected a release version such as 12.1.0";
        }
        else if (version < OldestDependencyCheck)
        {
            yield return $"jenkinsDependencyCheckVersion: got \"{settings.JenkinsDependencyCheckVersion}\", expected 12.1.0 or later (older releases can no longer read the NVD)";
        }

        if (ScanInterval.TryParse(settings.JenkinsScanInterval) is null)
        {
            yield return $"jenkinsScanInterval: got \"{settings.JenkinsScanInterval}\", expected a number and m, h or d between 1m and 30d, such as 15m, 1h or 1d";
        }

        if (settings.JenkinsRepositoryPassword is not null && (settings.JenkinsRepositoryCredentialsId is null || settings.JenkinsRepositoryUser is null))
        {
            yield return "jenkinsRepositoryPassword: set jenkinsRepositoryCredentialsId and jenkinsRepositoryUser too (the credential the tool creates for the repository needs an ID and a user name)";
        }

        if (settings.JenkinsNvdCredentialsId == settings.JenkinsRepositoryCredentialsId)
        {
            yield return "jenkinsRepositoryCredentialsId: must differ from jenkinsNvdCredentialsId (they are two credentials)";
        }
    }

    public IEnumerable<Download> Downloads(WorkloadContext context)
    {
        var settings = context.Settings;
        return
        [
            .. Download.PluginManager(settings),
            Download.File("jenkinsDependencyCheckBaseUrl", DependencyCheckZipUrl(settings), $"the Dependency-Check {settings.JenkinsDependencyCheckVersion} release", HostRole.Jenkins),
        ];
    }

    protected override IReadOnlyList<Resource> Resources(WorkloadContext context)
    {
        var settings = context.Settings;
        var api = new JenkinsApi(settings.JenkinsPort, settings.JenkinsAdminUser);
        var version = settings.JenkinsDependencyCheckVersion;
        var plugins = new JenkinsPlugins(JenkinsPlugins.Merge(RequiredPlugins, settings.JenkinsPlugins), settings.JenkinsPluginManagerUrl, settings.JenkinsPluginManagerSha256, settings.JenkinsUpdateCenterUrl);
        var release = new DependencyCheckRelease(version, DependencyCheckZipUrl(settings), DependencyCheckSha256(settings)!);
        var tool = new DependencyCheckToolConfig(settings.JenkinsDependencyCheckTool, release.Home);
        var spec = new MultibranchJobSpec(settings.JenkinsJobName, settings.AppRepository, settings.JenkinsRepositoryCredentialsId, settings.JenkinsfilePath, ScanInterval.TryParse(settings.JenkinsScanInterval)!);
        var timeout = TimeSpan.FromSeconds(settings.JenkinsStartTimeoutSeconds);
        var resources = new List<Resource>
        {
            new AptPackages("curl", "unzip", "git", "ca-certificates"),
            plugins,
            release,
            tool,

            // Jenkins reads plugins and tool installations only when it starts.
            new SystemdService("jenkins", restartWhen: [plugins, tool]),
        };

        var secret = new FileOwnership("root", "root", "0600");
        if (settings.NvdApiKey is { } key)
        {
            var file = new ManagedFile(NvdKey.File, key.Reveal() + "\n", secret, sensitive: true);
            resources.Add(file);
            resources.Add(new JenkinsCredential(api, CredentialKind.SecretText, settings.JenkinsNvdCredentialsId, "NVD API key for Dependency-Check (managed by microblog-workload)", NvdKey.File, file) { WaitSeconds = (int)timeout.TotalSeconds });
        }
        else if (!_warnedAboutKey)
        {
            _warnedAboutKey = true;
            context.Log.Warning(
                "WORKLOAD_NVD_API_KEY is not set: Jenkins gets no credential {0}, so the pipeline's OWASP stage will fail (and without a key Dependency-Check's NVD download takes hours). Request a key at https://nvd.nist.gov/developers/request-an-api-key.",
                settings.JenkinsNvdCredentialsId);
        }

        if (settings.JenkinsRepositoryPassword is { } password)
        {
            var file = new ManagedFile(RepositoryPasswordFile, password.Reveal() + "\n", secret, sensitive: true);
            resources.Add(file);
            resources.Add(new JenkinsCredential(api, CredentialKind.UsernamePassword, settings.JenkinsRepositoryCredentialsId!, $"Read access to {settings.AppRepository} (managed by microblog-workload)", RepositoryPasswordFile, file, settings.JenkinsRepositoryUser) { WaitSeconds = (int)timeout.TotalSeconds });
        }

        resources.Add(new MultibranchJob(api, spec, context.Templates.Render("jenkins/multibranch-job.xml", spec.Model())) { WaitSeconds = (int)timeout.TotalSeconds });
        _firstBuild = new FirstBuild(api, settings.JenkinsJobName, JenkinsfileModel.TrackedBranch(settings), settings.JenkinsfilePath, TimeSpan.FromSeconds(settings.JenkinsFirstBuildTimeoutSeconds), settings.NvdApiKey is not null, context.Log);
        resources.Add(_firstBuild);
        return resources;
    }

    protected override void OnInSync(WorkloadContext context, HostPlan plan) => Report(context);

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var api = new JenkinsApi(settings.JenkinsPort, settings.JenkinsAdminUser);
        var listed = await api.RunAsync(host, "jwait " + settings.JenkinsStartTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "\n" + JenkinsApi.Read("plugins", "/pluginManager/api/json?depth=1"), "Listing Jenkins' plugins", cancellationToken).ConfigureAwait(false);
        var names = JenkinsApi.Json(new ResourceFacts(listed.Output.Split('\n')), "plugins")?["plugins"]?.AsArray().Select(p => p?["shortName"]?.GetValue<string>()).ToHashSet() ?? [];
        var absent = RequiredPlugins.Where(p => !names.Contains(p)).ToList();
        if (absent.Count > 0)
        {
            throw new HostCommandException(host.Name, $"Checking that Jenkins loaded the plugins {string.Join(", ", absent)}", listed);
        }

        // Everything else is checked the way it was planned: read again, it must be in sync now.
        var applied = _firstBuild;
        var again = await HostPlanner.PlanAsync(host, Resources(context), cancellationToken).ConfigureAwait(false);
        if (applied?.Build is not null)
        {
            _firstBuild = applied;
        }

        if (!again.InSync)
        {
            throw new InvalidOperationException($"Jenkins still differs after the changes: {string.Join("; ", again.Changes.Select(c => c.Summary))}");
        }

        Report(context);
    }

    private void Report(WorkloadContext context)
    {
        var settings = context.Settings;
        var state = context.StateStore.Load();
        var address = state.Hosts.TryGetValue(HostSessions.RoleName(HostRole.Jenkins), out var record) ? record.PublicAddress : "<jenkins host>";
        var jenkins = $"http://{address}:{settings.JenkinsPort.ToString(CultureInfo.InvariantCulture)}";
        var branch = JenkinsfileModel.TrackedBranch(settings);
        context.Journal.Services.Add(("Jenkins job", $"{jenkins}{JenkinsApi.JobPath(settings.JenkinsJobName)}/"));
        context.Journal.Services.Add(($"{branch}'s last build", _firstBuild?.Build is { } build
            ? $"{jenkins}{build.Path} ({build.Words(settings.JenkinsJobName, branch)})"
            : "none yet"));
    }
}
