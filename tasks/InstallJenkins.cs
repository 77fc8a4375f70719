using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Context;
using Workload.Downloads;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Platform;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(InstallJenkins))]
[TaskDescription("Installs Java and Jenkins from its signed apt repository, enabled and answering /login.")]
[IsDependentOn(typeof(ProvisionJenkins))]
public sealed class InstallJenkins : HostTask, IDeclaresDownloads
{
    public const string AdminPasswordFile = "/etc/jenkins/admin-password";
    public const string InitialPasswordFile = "/var/lib/jenkins/secrets/initialAdminPassword";

    protected override HostRole Role => HostRole.Jenkins;

    public IEnumerable<Download> Downloads(WorkloadContext context)
    {
        var settings = context.Settings;
        var jenkins = Download.SignedAptRepository(("jenkinsKeyUrl", settings.JenkinsKeyUrl), ("jenkinsRepositoryUrl", settings.JenkinsRepositoryUrl), "binary/", "Jenkins", HostRole.Jenkins);
        return settings.JenkinsPlugins.Count == 0
            ? jenkins
            : [.. jenkins, .. Download.PluginManager(settings)];
    }

    protected override async Task<IReadOnlyList<Resource>> ResourcesAsync(WorkloadContext context, IHostShell host)
    {
        var settings = context.Settings;

        // The Java runtime this host can give the Jenkins it gets (and the Python ConfigurePython will want), chosen
        // and checked now, before this first task on the host changes anything.
        var choices = await context.JenkinsHostChoicesAsync(host).ConfigureAwait(false);
        var repository = AptRepository.Create("jenkins", settings.JenkinsKeyUrl, settings.JenkinsKeyFingerprint, settings.JenkinsRepositoryUrl, "binary/");

        // Java first: the jenkins package's service starts as soon as it is installed.
        var resources = JavaResources(settings, choices).ToList();
        resources.AddRange(repository);
        resources.Add(new AptPackages(["jenkins"], refreshAfter: repository));

        var restartWhen = new List<Resource>();
        if (settings.JenkinsAdminPassword is { } password)
        {
            var passwordFile = new ManagedFile(AdminPasswordFile, password.Reveal() + "\n", new FileOwnership("root", "root", "0600"), sensitive: true);
            var dropIn = new ManagedFile(
                "/etc/systemd/system/jenkins.service.d/microblog-workload.conf",
                context.Templates.Render("systemd/jenkins-override.conf", new { PasswordFile = AdminPasswordFile }));
            var initScripts = new ManagedDirectory("/var/lib/jenkins/init.groovy.d", new FileOwnership("jenkins", "jenkins", "0755"));
            var adminScript = new ManagedFile(
                "/var/lib/jenkins/init.groovy.d/microblog-admin-user.groovy",
                context.Templates.Render("jenkins/admin-user.groovy", new { AdminUser = settings.JenkinsAdminUser }),
                new FileOwnership("jenkins", "jenkins", "0640"));
            resources.AddRange([passwordFile, dropIn, initScripts, adminScript]);
            restartWhen.AddRange([passwordFile, dropIn, adminScript]);
        }

        if (settings.JenkinsPlugins.Count > 0)
        {
            var plugins = new Jenkins.JenkinsPlugins(settings.JenkinsPlugins, settings.JenkinsPluginManagerUrl, settings.JenkinsPluginManagerSha256, settings.JenkinsUpdateCenterUrl);
            resources.Add(plugins);
            restartWhen.Add(plugins);
        }

        resources.Add(new SystemdService("jenkins", restartWhen: restartWhen));
        return resources;
    }

    /// <summary>The Java runtime the host was given, with what fetching it needs: Temurin's repository when it comes from there.</summary>
    public static IReadOnlyList<Resource> JavaResources(Configuration.WorkloadSettings settings, JenkinsHostChoices choices)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(choices);
        var java = choices.Java;
        if (java.Source == JavaSource.Distribution)
        {
            return [new AptPackages("fontconfig", java.Package, "curl", "gnupg", "ca-certificates")];
        }

        // The keyring is fetched with curl and checked with gpg: those come first.
        var temurin = AptRepository.Create("adoptium", settings.TemurinKeyUrl, settings.TemurinKeyFingerprint, settings.TemurinRepositoryUrl, $"{choices.Os.Codename} main");
        return [new AptPackages("fontconfig", "curl", "gnupg", "ca-certificates"), .. temurin, new AptPackages([java.Package], refreshAfter: temurin)];
    }

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var baseUrl = $"http://127.0.0.1:{settings.JenkinsPort}";
        await HttpChecks.WaitForStatusAsync(host, context.Log, "Jenkins", baseUrl + "/login", 200, TimeSpan.FromSeconds(settings.JenkinsStartTimeoutSeconds), cancellationToken).ConfigureAwait(false);
        if (settings.JenkinsAdminPassword is not { } password)
        {
            context.Log.Information(
                "Jenkins is up with its setup wizard. Its initial admin password is in {0} on the jenkins host (sudo cat it there); " +
                "set WORKLOAD_JENKINS_ADMIN_PASSWORD to have the tool create the admin user instead.", InitialPasswordFile);
            return;
        }

        // Jenkins answers whoAmI for anyone; only the name shows whether the login worked.
        var answer = await HttpChecks.GetWithBasicAuthAsync(host, baseUrl + "/whoAmI/api/json", settings.JenkinsAdminUser, password.Reveal(), cancellationToken).ConfigureAwait(false);
        if (HttpChecks.JsonBody(answer)?["name"]?.GetValue<string>() != settings.JenkinsAdminUser)
        {
            throw new HostCommandException(host.Name, $"Logging in to Jenkins as {settings.JenkinsAdminUser} (the admin user from jenkinsAdminPassword)", answer);
        }

        if (settings.JenkinsPlugins.Count > 0)
        {
            var listed = await HttpChecks.GetWithBasicAuthAsync(host, baseUrl + "/pluginManager/api/json?depth=1", settings.JenkinsAdminUser, password.Reveal(), cancellationToken).ConfigureAwait(false);
            var names = HttpChecks.JsonBody(listed)?["plugins"]?.AsArray().Select(p => p?["shortName"]?.GetValue<string>()).ToHashSet() ?? [];
            var absent = settings.JenkinsPlugins.Select(p => p.Split(':')[0]).Where(p => !names.Contains(p)).ToList();
            if (absent.Count > 0)
            {
                throw new HostCommandException(host.Name, $"Checking that Jenkins loaded the plugins {string.Join(", ", absent)}", listed);
            }
        }

        context.Log.Information("Jenkins is up; the setup wizard is skipped and {0} can log in.", settings.JenkinsAdminUser);
    }
}
