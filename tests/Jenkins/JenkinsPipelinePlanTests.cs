using System.Text;
using Workload.Jenkins;
using Workload.Resources;
using Workload.Tests.Validation;

namespace Workload.Tests.Jenkins;

/// <summary>
/// The JenkinsPipeline task's plans as pure functions of facts: Jenkins' answers recorded as its REST interface and its
/// files give them, no host. Fields are compared, not text; secrets never show; bad input is refused before any change.
/// </summary>
public sealed class JenkinsPipelinePlanTests : IDisposable
{
    private const string Repository = "http://10.231.0.1:8081/testbed/git/microblog.git";

    // A job config.xml as Jenkins writes it back: plugin attributes, owner references, defaults it added.
    private const string JobAsJenkinsWritesIt = """
        <?xml version='1.1' encoding='UTF-8'?>
        <org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject plugin="workflow-multibranch@795.ve0cb_1f45ca_9a_">
          <actions/>
          <description>Edited in the UI</description>
          <properties/>
          <folderViews class="jenkins.branch.MultiBranchProjectViewHolder" plugin="branch-api@2.1208.vf528356feca_4">
            <owner class="org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject" reference="../.."/>
          </folderViews>
          <orphanedItemStrategy class="com.cloudbees.hudson.plugins.folder.computed.DefaultOrphanedItemStrategy" plugin="cloudbees-folder@6.999.v42253c105443">
            <pruneDeadBranches>true</pruneDeadBranches>
            <daysToKeep>7</daysToKeep>
            <numToKeep>-1</numToKeep>
            <abortBuilds>false</abortBuilds>
          </orphanedItemStrategy>
          <triggers>
            <com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger plugin="cloudbees-folder@6.999.v42253c105443">
              <spec>H H/4 * * *</spec>
              <interval>86400000</interval>
            </com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger>
          </triggers>
          <disabled>false</disabled>
          <sources class="jenkins.branch.MultiBranchProject$BranchSourceList" plugin="branch-api@2.1208.vf528356feca_4">
            <data>
              <jenkins.branch.BranchSource>
                <source class="jenkins.plugins.git.GitSCMSource" plugin="git@5.7.0">
                  <id>microblog-workload</id>
                  <remote>http://10.231.0.1:8081/testbed/git/microblog.git</remote>
                  <credentialsId></credentialsId>
                  <traits>
                    <jenkins.plugins.git.traits.BranchDiscoveryTrait/>
                    <jenkins.scm.impl.trait.WildcardSCMHeadFilterTrait plugin="scm-api@704.v3ce5c542825a_">
                      <includes>*</includes>
                      <excludes>wip-*</excludes>
                    </jenkins.scm.impl.trait.WildcardSCMHeadFilterTrait>
                  </traits>
                </source>
                <strategy class="jenkins.branch.DefaultBranchPropertyStrategy">
                  <properties class="empty-list"/>
                </strategy>
              </jenkins.branch.BranchSource>
            </data>
            <owner class="org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject" reference="../.."/>
          </sources>
          <factory class="org.jenkinsci.plugins.workflow.multibranch.WorkflowBranchProjectFactory">
            <owner class="org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject" reference="../.."/>
            <scriptPath>Jenkinsfile</scriptPath>
          </factory>
        </org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject>

        """;

    private readonly string _work = TestPaths.NewDirectory("workload-jenkins-plan");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static JenkinsApi Api => new(8080, "admin");

    private static MultibranchJobSpec Spec(string interval = "1d", string scriptPath = "Jenkinsfile", string? credentials = null) =>
        new("microblog", Repository, credentials, scriptPath, ScanInterval.TryParse(interval)!);

    private static ResourceFacts Facts(params string[] lines) => new(lines);

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void A_job_Jenkins_rewrote_with_its_own_attributes_and_a_users_other_settings_is_in_sync()
    {
        var (text, differences) = Spec().Reconcile(JobAsJenkinsWritesIt);

        Assert.Empty(differences);
        Assert.Equal(JobAsJenkinsWritesIt, text);
        Assert.Empty(new MultibranchJob(Api, Spec(), "unused").Plan(Facts("job_status=200", "job_body=" + B64(JobAsJenkinsWritesIt)), new PlanningState()));
    }

    [Fact]
    public void A_changed_scan_interval_or_Jenkinsfile_path_changes_only_those_lines()
    {
        var change = Assert.Single(new MultibranchJob(Api, Spec("2h", "ci/Jenkinsfile"), "unused").Plan(Facts("job_status=200", "job_body=" + B64(JobAsJenkinsWritesIt)), new PlanningState()));

        Assert.Equal("update job microblog: Jenkinsfile path Jenkinsfile -> ci/Jenkinsfile; scan interval 1d -> 2h", change.Summary);
        var changed = change.Diff!.Split('\n').Where(l => l.Length > 1 && l[0] is '+' or '-' && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "-      <spec>H H/4 * * *</spec>", "-      <interval>86400000</interval>", "+      <spec>H/30 * * * *</spec>", "+      <interval>7200000</interval>",
                "-    <scriptPath>Jenkinsfile</scriptPath>", "+    <scriptPath>ci/Jenkinsfile</scriptPath>",
            ],
            changed);
        var (text, _) = Spec("2h", "ci/Jenkinsfile").Reconcile(JobAsJenkinsWritesIt);
        Assert.Contains("<excludes>wip-*</excludes>", text, StringComparison.Ordinal);
        Assert.Contains("<daysToKeep>7</daysToKeep>", text, StringComparison.Ordinal);
        Assert.Contains("<description>Edited in the UI</description>", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_without_branch_discovery_or_with_another_repository_and_credentials_is_brought_back()
    {
        var edited = JobAsJenkinsWritesIt
            .Replace("<jenkins.plugins.git.traits.BranchDiscoveryTrait/>\n", string.Empty, StringComparison.Ordinal)
            .Replace(Repository, "https://example.invalid/other.git", StringComparison.Ordinal);

        var (text, differences) = Spec(credentials: "repo-token").Reconcile(edited);

        Assert.Equal(
            ["repository https://example.invalid/other.git -> " + Repository, "repository credentials (none) -> repo-token", "discover branches (BranchDiscoveryTrait)"],
            differences);
        Assert.Contains("<credentialsId>repo-token</credentialsId>", text, StringComparison.Ordinal);
        Assert.Contains("<jenkins.plugins.git.traits.BranchDiscoveryTrait/>", text, StringComparison.Ordinal);
        Assert.Empty(Spec(credentials: "repo-token").Reconcile(text).Differences);
    }

    [Fact]
    public void A_missing_job_is_created_from_the_template_and_another_kind_of_job_is_refused()
    {
        var change = Assert.Single(new MultibranchJob(Api, Spec(), "<new/>").Plan(Facts("job_status=404"), new PlanningState()));
        Assert.StartsWith("create multibranch pipeline job microblog over " + Repository, change.Summary, StringComparison.Ordinal);
        Assert.Contains("+<new/>", change.Diff, StringComparison.Ordinal);

        var freestyle = "<?xml version='1.1' encoding='UTF-8'?>\n<project><description/></project>\n";
        var refused = Assert.Throws<InvalidOperationException>(() => new MultibranchJob(Api, Spec(), "<new/>").Plan(Facts("job_status=200", "job_body=" + B64(freestyle)), new PlanningState()));
        Assert.Contains("exists and is a project, not a multibranch pipeline", refused.Message, StringComparison.Ordinal);

        var login = Assert.Throws<InvalidOperationException>(() => new MultibranchJob(Api, Spec(), "<new/>").Plan(Facts("job_status=401"), new PlanningState()));
        Assert.Contains("WORKLOAD_JENKINS_ADMIN_PASSWORD", login.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rendered_job_template_is_in_sync_with_itself_and_escapes_what_it_holds()
    {
        using var test = TestContext.Create(_work);
        var spec = new MultibranchJobSpec("microblog", "https://example.invalid/a&b.git", null, "Jenkinsfile", ScanInterval.TryParse("15m")!);
        var rendered = test.Context.Templates.Render("jenkins/multibranch-job.xml", spec.Model());

        Assert.Contains("<remote>https://example.invalid/a&amp;b.git</remote>", rendered, StringComparison.Ordinal);
        Assert.Contains("<spec>H/5 * * * *</spec>", rendered, StringComparison.Ordinal);
        Assert.Contains("<interval>900000</interval>", rendered, StringComparison.Ordinal);
        Assert.Empty(spec.Reconcile(rendered).Differences);
    }

    [Theory]
    [InlineData("1m", 60_000L, "* * * * *")]
    [InlineData("30m", 1_800_000L, "H/5 * * * *")]
    [InlineData("1h", 3_600_000L, "H/15 * * * *")]
    [InlineData("1d", 86_400_000L, "H H/4 * * *")]
    [InlineData("30d", 2_592_000_000L, "H H * * *")]
    public void Scan_intervals_are_kept_as_the_periodic_folder_trigger_keeps_them(string text, long milliseconds, string spec)
    {
        var interval = ScanInterval.TryParse(text)!;

        Assert.Equal(milliseconds, interval.Milliseconds);
        Assert.Equal(spec, interval.Spec);
        Assert.Equal(text, interval.ToString());
    }

    [Theory]
    [InlineData("0m")]
    [InlineData("31d")]
    [InlineData("1w")]
    [InlineData("1 h")]
    [InlineData("")]
    public void Scan_intervals_out_of_the_triggers_bounds_are_refused(string text) => Assert.Null(ScanInterval.TryParse(text));

    [Fact]
    public void The_tool_installation_is_compared_by_fields_and_only_it_is_changed()
    {
        const string home = "/var/lib/jenkins/tools/dependency-check/12.1.0";
        var saved = $"""
            <?xml version='1.1' encoding='UTF-8'?>
            <org.jenkinsci.plugins.DependencyCheck.DependencyCheckToolBuilder_-DependencyCheckToolBuilderDescriptor plugin="dependency-check-jenkins-plugin@5.6.1">
              <installations>
                <org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstallation>
                  <name>Other</name>
                  <home>/opt/dc</home>
                  <properties/>
                </org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstallation>
                <org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstallation>
                  <name>DP-Check</name>
                  <home></home>
                  <properties>
                    <hudson.tools.InstallSourceProperty>
                      <installers>
                        <org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstaller>
                          <id>10.0.3</id>
                        </org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstaller>
                      </installers>
                    </hudson.tools.InstallSourceProperty>
                  </properties>
                </org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstallation>
              </installations>
            </org.jenkinsci.plugins.DependencyCheck.DependencyCheckToolBuilder_-DependencyCheckToolBuilderDescriptor>

            """;

        var (text, differences) = DependencyCheckToolConfig.Reconcile(saved, "DP-Check", home);

        Assert.Equal(["home (none) -> " + home, "remove its installer (DependencyCheckInstaller 10.0.3): Jenkins would download the scanner itself, unchecked"], differences);
        Assert.Contains("<name>Other</name>", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InstallSourceProperty", text, StringComparison.Ordinal);
        Assert.Empty(DependencyCheckToolConfig.Reconcile(text, "DP-Check", home).Differences);

        // A file that does not exist yet gets the installation, readable and indented.
        var (created, added) = DependencyCheckToolConfig.Reconcile(null, "DP-Check", home);
        Assert.Equal(["add it (home " + home + ")"], added);
        Assert.Contains("  <installations>\n    <org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstallation>\n      <name>DP-Check</name>", created, StringComparison.Ordinal);
        Assert.Empty(DependencyCheckToolConfig.Reconcile(created, "DP-Check", home).Differences);
    }

    [Fact]
    public void The_tool_config_file_in_sync_plans_nothing_and_a_wrong_home_plans_its_diff_and_a_restart_marker()
    {
        const string home = "/var/lib/jenkins/tools/dependency-check/12.1.0";
        var (text, _) = DependencyCheckToolConfig.Reconcile(null, "DP-Check", home);
        var inSync = FileFacts(text);
        Assert.Empty(new DependencyCheckToolConfig("DP-Check", home).Plan(inSync, new PlanningState()));

        var resource = new DependencyCheckToolConfig("DP-Check", "/var/lib/jenkins/tools/dependency-check/12.2.0");
        var change = Assert.Single(resource.Plan(inSync, new PlanningState()));
        Assert.StartsWith($"Dependency-Check installation DP-Check: home {home} -> /var/lib/jenkins/tools/dependency-check/12.2.0 (update file", change.Summary, StringComparison.Ordinal);
        Assert.Contains("+      <home>/var/lib/jenkins/tools/dependency-check/12.2.0</home>", change.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void A_credential_is_compared_by_its_metadata_and_its_secret_by_the_stamp_never_shown()
    {
        var redacted = """
            <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl plugin="plain-credentials@195.vb_906e9073dee">
              <scope>GLOBAL</scope>
              <id>nvd-api-key</id>
              <description>NVD API key</description>
              <secret>
                <secret-redacted/>
              </secret>
            </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
            """;
        JenkinsCredential Credential(string description = "NVD API key") => new(Api, CredentialKind.SecretText, "nvd-api-key", description, "/etc/jenkins/nvd-api-key", null);
        var stamped = new[] { "credential_status=200", "credential_body=" + B64(redacted), "stamp=abc", "secret=abc" };

        Assert.Empty(Credential().Plan(Facts(stamped), new PlanningState()));
        Assert.Equal("update Jenkins credential nvd-api-key (Secret text): its secret changed (not shown)", Assert.Single(Credential().Plan(Facts([.. stamped[..2], "stamp=abc", "secret=def"]), new PlanningState())).Summary);
        Assert.Equal("update Jenkins credential nvd-api-key (Secret text): its secret was not set by this tool (not shown)", Assert.Single(Credential().Plan(Facts([.. stamped[..2], "secret=def"]), new PlanningState())).Summary);
        Assert.Equal("update Jenkins credential nvd-api-key (Secret text): description 'NVD API key' -> 'new words'", Assert.Single(Credential("new words").Plan(Facts(stamped), new PlanningState())).Summary);
        var other = redacted.Replace("org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl", "com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl", StringComparison.Ordinal);
        Assert.Contains("type UsernamePasswordCredentialsImpl -> StringCredentialsImpl (Secret text)", Assert.Single(Credential().Plan(Facts(["credential_status=200", "credential_body=" + B64(other), "stamp=abc", "secret=abc"]), new PlanningState())).Summary, StringComparison.Ordinal);

        var created = Assert.Single(Credential().Plan(Facts("credential_status=404"), new PlanningState()));
        Assert.Equal("create Jenkins credential nvd-api-key (Secret text) from /etc/jenkins/nvd-api-key (secret not shown)", created.Summary);
        Assert.Null(created.Diff);
        Assert.EndsWith("(once Jenkins answers) (secret not shown)", Assert.Single(Credential().Plan(Facts("credential_status=000"), new PlanningState())).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repository_credential_compares_its_user_name_too()
    {
        var redacted = """
            <com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl plugin="credentials@1415.v831096eb_5534">
              <scope>GLOBAL</scope>
              <id>repo</id>
              <description>Read access</description>
              <username>deploy-bot</username>
              <password>
                <secret-redacted/>
              </password>
            </com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl>
            """;
        var facts = Facts("credential_status=200", "credential_body=" + B64(redacted), "stamp=abc", "secret=abc");
        JenkinsCredential Credential(string user) => new(Api, CredentialKind.UsernamePassword, "repo", "Read access", "/etc/jenkins/repository-password", null, user);

        Assert.Empty(Credential("deploy-bot").Plan(facts, new PlanningState()));
        Assert.Equal("update Jenkins credential repo (Username with password): username 'deploy-bot' -> 'ci-bot'", Assert.Single(Credential("ci-bot").Plan(facts, new PlanningState())).Summary);
    }

    [Fact]
    public void Without_the_NVD_key_the_summary_says_there_is_no_credential_and_the_OWASP_stage_fails()
    {
        using var without = TestContext.Create(_work);
        using var with = TestContext.Create(_work, variables: new Dictionary<string, string> { ["WORKLOAD_NVD_API_KEY"] = "key-of-the-test" });

        Assert.StartsWith("not set: Jenkins has no credential nvd-api-key, so the pipeline's OWASP stage fails", NvdKey.Whereabouts(without.Context.Settings), StringComparison.Ordinal);
        Assert.Equal("environment WORKLOAD_NVD_API_KEY; on the jenkins host /etc/jenkins/nvd-api-key (root, 0600) and Jenkins' credential nvd-api-key (Secret text)", NvdKey.Whereabouts(with.Context.Settings));
    }

    [Fact]
    public void The_first_build_is_in_sync_when_the_last_completed_build_succeeded_and_planned_again_when_it_failed()
    {
        var log = new RecordingLog();
        FirstBuild Build(bool key = true) => new(Api, "microblog", "main", "Jenkinsfile", TimeSpan.FromMinutes(60), key, log);
        var green = """{"_class":"org.jenkinsci.plugins.workflow.job.WorkflowRun","number":1,"result":"SUCCESS","building":false}""";
        var tests = """{"_class":"hudson.tasks.junit.TestResult","failCount":0,"passCount":2,"skipCount":0}""";

        var inSync = Build();
        Assert.Empty(inSync.Plan(Facts("completed_status=200", "completed_body=" + B64(green), "tests_status=200", "tests_body=" + B64(tests)), new PlanningState()));
        Assert.Equal("microblog » main #1 SUCCESS; tests: 2 passed, 0 failed, 0 skipped", inSync.Build!.Words("microblog", "main"));
        Assert.Equal("/job/microblog/job/main/1/", inSync.Build.Path);

        Assert.StartsWith("scan the repository of microblog for branches (with Jenkinsfile) and wait up to 60 min for the first build of main",
            Assert.Single(Build().Plan(Facts("completed_status=404"), new PlanningState())).Summary, StringComparison.Ordinal);

        var red = green.Replace("SUCCESS", "FAILURE", StringComparison.Ordinal);
        var console = "ERROR: " + FirstBuild.MissingCredentialMessage + "\nFinished: FAILURE\n";
        Assert.StartsWith("build microblog » main again (its last build #1 ended FAILURE)",
            Assert.Single(Build().Plan(Facts("completed_status=200", "completed_body=" + B64(red), "console=" + B64(console)), new PlanningState())).Summary, StringComparison.Ordinal);

        // Without the NVD key a build that failed only for the missing credential is what there can be: a warning.
        Assert.Empty(Build(key: false).Plan(Facts("completed_status=200", "completed_body=" + B64(red), "console=" + B64(console)), new PlanningState()));
        Assert.Contains("WORKLOAD_NVD_API_KEY is not set", log.Text, StringComparison.Ordinal);
        Assert.Single(Build(key: false).Plan(Facts("completed_status=200", "completed_body=" + B64(red), "console=" + B64("ERROR: script returned exit code 1\n")), new PlanningState()));
    }

    [Fact]
    public void Plugins_are_in_sync_by_name_and_at_their_pinned_version()
    {
        var plugins = JenkinsPlugins.Merge(["git", "junit"], ["git:5.6.0", "timestamper"]);
        Assert.Equal(["git:5.6.0", "junit", "timestamper"], plugins);
        var resource = new JenkinsPlugins(plugins, "https://example.invalid/pm.jar", new string('a', 64), null);

        Assert.Empty(resource.Plan(Facts("plugin=git 5.6.0", "plugin=junit 1.0", "plugin=timestamper 2.0", "plugin=credentials 3"), new PlanningState()));
        var change = Assert.Single(resource.Plan(Facts("plugin=git 5.7.0", "plugin=junit 1.0"), new PlanningState()));
        Assert.StartsWith("install Jenkins plugins git:5.6.0 (has 5.7.0), timestamper with the plugin installation manager", change.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_need_no_digest_and_declare_what_they_fetch_with_the_published_one()
    {
        using var withPassword = TestContext.Create(_work, variables: new Dictionary<string, string> { ["WORKLOAD_JENKINS_ADMIN_PASSWORD"] = "admin-Pw-1" });
        var settings = withPassword.Context.Settings;

        Assert.Empty(new JenkinsPipeline().UnmetRequirements(withPassword.Context));
        Assert.Equal("0e5ba6ae58e753d5841048c6c8e495dbc4c7a4ea921a2b14daeac65195700532", JenkinsPipeline.DependencyCheckSha256(settings));
        var urls = new JenkinsPipeline().Downloads(withPassword.Context).Select(d => $"{d.Setting} {d.Url}").ToList();
        Assert.Equal(
            [
                $"jenkinsPluginManagerUrl {settings.JenkinsPluginManagerUrl}",
                $"jenkinsPluginManagerUrl {settings.JenkinsPluginManagerUrl}.sha256",
                "jenkinsUpdateCenterUrl https://updates.jenkins.io/update-center.json",
                "jenkinsDependencyCheckBaseUrl https://github.com/dependency-check/DependencyCheck/releases/download/v12.1.0/dependency-check-12.1.0-release.zip",
            ],
            urls);

        // A pinned digest is used as given: nothing is fetched for it.
        using var pinned = TestContext.Create(_work, new Dictionary<string, string> { ["jenkinsPluginManagerSha256"] = new string('c', 64) });
        Assert.DoesNotContain(new JenkinsPipeline().Downloads(pinned.Context), d => d.Url.EndsWith(".sha256", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_Jenkins_would_refuse_are_named_before_anything_changes()
    {
        using var test = TestContext.Create(_work, new Dictionary<string, string>
        {
            ["jenkinsJobName"] = "micro/blog",
            ["jenkinsScanInterval"] = "1w",
            ["jenkinsNvdCredentialsId"] = "nvd key",
            ["jenkinsDependencyCheckVersion"] = "10.0.3",
            ["appRepository"] = "not a repository",
            ["jenkinsfilePath"] = "../Jenkinsfile",
        });

        // What a format covers is refused as the settings are read; what only this task needs, by the task.
        var formats = test.Context.SettingsRead.Problems;
        var problems = new JenkinsPipeline().UnmetRequirements(test.Context).ToList();

        Assert.Contains(problems, p => p.StartsWith("jenkinsAdminPassword: required by JenkinsPipeline", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("jenkinsDependencyCheckSha256: required by JenkinsPipeline for jenkinsDependencyCheckVersion 10.0.3", StringComparison.Ordinal));
        Assert.Contains("jenkinsDependencyCheckVersion: got \"10.0.3\", expected 12.1.0 or later (older releases can no longer read the NVD)", problems);
        Assert.Equal(3, problems.Count);
        Assert.Contains(formats, p => p.StartsWith("jenkinsJobName: got \"micro/blog\", expected a name of letters, digits", StringComparison.Ordinal));
        Assert.Contains(formats, p => p.StartsWith("jenkinsScanInterval: got \"1w\", expected", StringComparison.Ordinal));
        Assert.Contains(formats, p => p.StartsWith("jenkinsNvdCredentialsId: got \"nvd key\"", StringComparison.Ordinal));
        Assert.Contains(formats, p => p.StartsWith("appRepository: got \"not a repository\", expected a git repository", StringComparison.Ordinal));
        Assert.Contains(formats, p => p.StartsWith("jenkinsfilePath: got \"../Jenkinsfile\"", StringComparison.Ordinal));
        Assert.Equal(5, formats.Count);
    }

    [Theory]
    [InlineData("https://github.com/kura-labs-org/C5-Deployment-Workload-3.git", true)]
    [InlineData("git@github.com:kura-labs-org/C5-Deployment-Workload-3.git", true)]
    [InlineData("ssh://git@example.com/repo.git", true)]
    [InlineData("file:///srv/git/microblog.git", true)]
    [InlineData("https://example.com/it's.git", false)]
    [InlineData("ftp://example.com/repo.git", false)]
    [InlineData("https://", false)]
    public void App_repositories_are_checked_for_what_git_and_the_job_accept(string repository, bool accepted)
    {
        using var test = TestContext.Create(_work, new Dictionary<string, string> { ["appRepository"] = repository });

        Assert.Equal(accepted, !test.Context.SettingsRead.Problems.Any(p => p.StartsWith("appRepository:", StringComparison.Ordinal)));
    }

    private static ResourceFacts FileFacts(string content) => Facts(
        "exists=1", "type=regular file", "owner=jenkins", "group=jenkins", "mode=644",
        "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(content))),
        "content=" + B64(content));
}
