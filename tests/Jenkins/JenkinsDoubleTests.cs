using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Workload.Tests.Conventions;

namespace Workload.Tests.Jenkins;

/// <summary>
/// The Jenkins TEST DOUBLE against Jenkins' documented behaviour, for every endpoint and format JenkinsPipeline uses:
/// authentication (password with a session-bound crumb, API token without), 404 for an unknown job, 400 for a malformed
/// config.xml or a name Jenkins refuses, the job and credential round trips, the scan, the build, the test report, the
/// archived artifacts, a restart. It runs as a process here; the testbed runs the same file as the jenkins package.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class JenkinsDoubleTests : IDisposable
{
    private const string JobXml = """
        <org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject>
          <sources class="jenkins.branch.MultiBranchProject$BranchSourceList">
            <data>
              <jenkins.branch.BranchSource>
                <source class="jenkins.plugins.git.GitSCMSource">
                  <id>microblog-workload</id>
                  <remote>@REMOTE@</remote>
                  <credentialsId></credentialsId>
                  <traits>
                    <jenkins.plugins.git.traits.BranchDiscoveryTrait/>
                  </traits>
                </source>
              </jenkins.branch.BranchSource>
            </data>
          </sources>
          <factory class="org.jenkinsci.plugins.workflow.multibranch.WorkflowBranchProjectFactory">
            <scriptPath>Jenkinsfile</scriptPath>
          </factory>
          <triggers>
            <com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger>
              <spec>H H/4 * * *</spec>
              <interval>86400000</interval>
            </com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger>
          </triggers>
        </org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject>
        """;

    private const string Secret = "s3cret-value-4a8f";

    private const string CredentialXml = $"""
        <org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
          <scope>GLOBAL</scope>
          <id>nvd-api-key</id>
          <description>NVD</description>
          <secret>{Secret}</secret>
        </org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl>
        """;

    // The workload's pipeline shape: sh steps, JUnit, a secret bound and masked, Dependency-Check (the zip double),
    // its publisher and the archived report, a when branch condition.
    private const string Jenkinsfile = """
        pipeline {
            agent any
            options {
                disableConcurrentBuilds()
            }
            stages {
                stage('Build') {
                    steps {
                        sh '''#!/bin/bash
        set -euo pipefail
        echo "building $BRANCH_NAME #$BUILD_NUMBER of $JOB_NAME at $(git rev-parse --short HEAD)"
        mkdir -p test-reports
        printf '<testsuite name="s"><testcase classname="t" name="one"/><testcase classname="t" name="two"/><testcase classname="t" name="skipped"><skipped/></testcase></testsuite>' > test-reports/results.xml
        '''
                    }
                    post {
                        always {
                            junit 'test-reports/results.xml'
                        }
                    }
                }
                stage('Secret') {
                    steps {
                        withCredentials([string(credentialsId: 'nvd-api-key', variable: 'KEY')]) {
                            sh 'echo "the key is $KEY"'
                        }
                    }
                }
                stage('OWASP') {
                    steps {
                        dependencyCheck additionalArguments: '--scan ./ --format XML --format JSON --disableOssIndex --enableExperimental --failOnCVSS 7', nvdCredentialsId: 'nvd-api-key', odcInstallation: 'DP-Check', stopBuild: true
                    }
                    post {
                        always {
                            dependencyCheckPublisher pattern: '**/dependency-check-report.xml'
                            archiveArtifacts artifacts: 'dependency-check-report.*', allowEmptyArchive: true
                        }
                    }
                }
                stage('Deploy') {
                    when {
                        branch 'release'
                    }
                    steps {
                        sh 'echo deploying'
                    }
                }
            }
        }
        """;

    private readonly JenkinsDouble _jenkins = new(JenkinsDouble.PipelinePlugins);
    private readonly string _repository = Directory.CreateTempSubdirectory("workload-double-repo-").FullName;

    public void Dispose()
    {
        _jenkins.Dispose();
        Directory.Delete(_repository, recursive: true);
    }

    [Fact]
    public async Task Logins_are_checked_and_a_post_needs_the_crumb_of_its_session_or_an_api_token()
    {
        using var anonymous = _jenkins.Client(password: null);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(new Uri("api/json", UriKind.Relative))).StatusCode);
        using var wrong = _jenkins.Client("wrong");
        var refused = await wrong.GetAsync(new Uri("api/json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("Invalid password/token for user: admin", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var admin = _jenkins.Client();
        Assert.Equal("admin", JsonNode.Parse(await admin.GetStringAsync(new Uri("whoAmI/api/json", UriKind.Relative)))!["name"]!.GetValue<string>());
        var noCrumb = await JenkinsDouble.PostXmlAsync(admin, "createItem?name=microblog", Job());
        Assert.Equal(HttpStatusCode.Forbidden, noCrumb.StatusCode);
        Assert.Contains("No valid crumb was included in the request", await noCrumb.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // A crumb belongs to its web session: another client (another session) cannot use it.
        var crumb = await JenkinsDouble.CrumbAsync(admin);
        using var other = _jenkins.Client();
        other.DefaultRequestHeaders.Add("Jenkins-Crumb", crumb);
        Assert.Equal(HttpStatusCode.Forbidden, (await JenkinsDouble.PostXmlAsync(other, "createItem?name=microblog", Job())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(admin, "createItem?name=microblog", Job())).StatusCode);

        // An API token needs no crumb; it is shown once and kept only as a hash.
        var generated = await admin.PostAsync(new Uri("me/descriptorByName/jenkins.security.ApiTokenProperty/generateNewToken", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["newTokenName"] = "tests" }));
        var token = JsonNode.Parse(await generated.Content.ReadAsStringAsync())!["data"]!["tokenValue"]!.GetValue<string>();
        using var byToken = _jenkins.Client(token);
        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(byToken, "createItem?name=second", Job())).StatusCode);
        Assert.DoesNotContain(token, await File.ReadAllTextAsync(Path.Combine(_jenkins.Home, "users", "admin", "api-tokens.json")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_round_trip_and_what_Jenkins_refuses_is_refused()
    {
        using var admin = _jenkins.Client();
        await JenkinsDouble.CrumbAsync(admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("job/microblog/config.xml", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await JenkinsDouble.PostXmlAsync(admin, "job/microblog/config.xml", Job())).StatusCode);

        var malformed = await JenkinsDouble.PostXmlAsync(admin, "createItem?name=microblog", "<org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject><sources>");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var unsafeName = await JenkinsDouble.PostXmlAsync(admin, "createItem?name=micro%3Ablog", Job());
        Assert.Equal(HttpStatusCode.BadRequest, unsafeName.StatusCode);
        Assert.Contains("\u2018:\u2019 is an unsafe character", await unsafeName.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(admin, "createItem?name=microblog", Job())).StatusCode);
        var duplicate = await JenkinsDouble.PostXmlAsync(admin, "createItem?name=microblog", Job());
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("A job already exists with the name", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Jenkins writes a config back in its own form: XML 1.1, plugin attributes, defaults added.
        var stored = await admin.GetStringAsync(new Uri("job/microblog/config.xml", UriKind.Relative));
        Assert.StartsWith("<?xml version='1.1' encoding='UTF-8'?>\n<org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject plugin=\"workflow-multibranch@1.0-test\">", stored, StringComparison.Ordinal);
        Assert.Contains("<pruneDeadBranches>true</pruneDeadBranches>", stored, StringComparison.Ordinal);
        Assert.Contains("<remote>" + _repository + "</remote>", stored, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(admin, "job/microblog/config.xml", stored.Replace("86400000", "3600000", StringComparison.Ordinal))).StatusCode);
        var updated = await admin.GetStringAsync(new Uri("job/microblog/config.xml", UriKind.Relative));
        Assert.Contains("<interval>3600000</interval>", updated, StringComparison.Ordinal);
        Assert.Contains("<spec>H/15 * * * *</spec>", updated, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await JenkinsDouble.PostXmlAsync(admin, "job/microblog/config.xml", "<not-closed>")).StatusCode);
        Assert.Contains("<interval>3600000</interval>", await admin.GetStringAsync(new Uri("job/microblog/config.xml", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credentials_round_trip_with_their_secret_redacted_and_never_stored_readable_by_others()
    {
        using var admin = _jenkins.Client();
        await JenkinsDouble.CrumbAsync(admin);
        const string path = "credentials/store/system/domain/_/";
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri(path + "credential/nvd-api-key/api/json", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(admin, path + "createCredentials", CredentialXml)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await JenkinsDouble.PostXmlAsync(admin, path + "createCredentials", CredentialXml)).StatusCode);

        var metadata = JsonNode.Parse(await admin.GetStringAsync(new Uri(path + "credential/nvd-api-key/api/json", UriKind.Relative)))!;
        Assert.Equal("Secret text", metadata["typeName"]!.GetValue<string>());
        Assert.Equal("system/_/nvd-api-key", metadata["fullName"]!.GetValue<string>());
        var config = await admin.GetStringAsync(new Uri(path + "credential/nvd-api-key/config.xml", UriKind.Relative));
        Assert.Contains("<secret-redacted/>", config, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, config, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(admin, path + "credential/nvd-api-key/config.xml", CredentialXml.Replace("<description>NVD</description>", "<description>changed</description>", StringComparison.Ordinal))).StatusCode);
        Assert.Contains("<description>changed</description>", await admin.GetStringAsync(new Uri(path + "credential/nvd-api-key/config.xml", UriKind.Relative)), StringComparison.Ordinal);

        var stored = Path.Combine(_jenkins.Home, "credentials.xml");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(stored));
        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(stored), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scan_finds_the_branches_with_a_Jenkinsfile_and_builds_them_with_tests_findings_and_masked_secrets()
    {
        Git("init", "-q", "-b", "main", _repository);
        await File.WriteAllTextAsync(Path.Combine(_repository, "Jenkinsfile"), Jenkinsfile);
        await File.WriteAllTextAsync(Path.Combine(_repository, "requirements.txt"), "flask\nbabel\n");
        Commit("pipeline");
        Git("-C", _repository, "checkout", "-q", "-b", "nopipeline");
        Git("-C", _repository, "rm", "-q", "Jenkinsfile");
        Commit("no pipeline here");
        Git("-C", _repository, "checkout", "-q", "main");
        InstallDependencyCheckDouble();
        _jenkins.Restart(); // tool installations are read when Jenkins starts

        using var admin = _jenkins.Client();
        await JenkinsDouble.CrumbAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(admin, "credentials/store/system/domain/_/createCredentials", CredentialXml)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await JenkinsDouble.PostXmlAsync(admin, "createItem?name=microblog", Job())).StatusCode);

        // Creating a job starts nothing; the scan does.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("job/microblog/job/main/api/json", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Found, (await admin.PostAsync(new Uri("job/microblog/build?delay=0", UriKind.Relative), null)).StatusCode);
        await JenkinsDouble.WaitAsync(async () => (await admin.GetAsync(new Uri("job/microblog/job/main/lastCompletedBuild/api/json", UriKind.Relative))).IsSuccessStatusCode, "the first build of main");

        var scan = await admin.GetStringAsync(new Uri("job/microblog/indexing/consoleText", UriKind.Relative));
        Assert.Contains("Checking branch nopipeline\n      \u2018Jenkinsfile\u2019 not found\n    Does not meet criteria", scan, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("job/microblog/job/nopipeline/api/json", UriKind.Relative))).StatusCode);

        var build = JsonNode.Parse(await admin.GetStringAsync(new Uri("job/microblog/job/main/lastCompletedBuild/api/json", UriKind.Relative)))!;
        var console = await admin.GetStringAsync(new Uri("job/microblog/job/main/1/consoleText", UriKind.Relative));
        Assert.True(build["result"]!.GetValue<string>() == "SUCCESS", console);
        Assert.Equal(1, build["number"]!.GetValue<int>());
        Assert.Contains("building main #1 of microblog/main at ", console, StringComparison.Ordinal);
        Assert.Contains("the key is ****", console, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, console, StringComparison.Ordinal);
        Assert.Contains("Stage \"Deploy\" skipped due to when conditional", console, StringComparison.Ordinal);
        Assert.EndsWith("Finished: SUCCESS\n", console, StringComparison.Ordinal);

        var tests = JsonNode.Parse(await admin.GetStringAsync(new Uri("job/microblog/job/main/1/testReport/api/json", UriKind.Relative)))!;
        Assert.Equal((2, 0, 1), (tests["passCount"]!.GetValue<int>(), tests["failCount"]!.GetValue<int>(), tests["skipCount"]!.GetValue<int>()));
        var report = await admin.GetStreamAsync(new Uri("job/microblog/job/main/1/artifact/dependency-check-report.json", UriKind.Relative));
        var findings = Workload.Validation.DependencyCheckReport.Parse(report);
        Assert.Equal("DOUBLE-2026-0001", Assert.Single(findings.Vulnerabilities).Name);

        // The same commit is not built again by the next scan; a new commit is.
        await admin.PostAsync(new Uri("job/microblog/build?delay=0", UriKind.Relative), null);
        await JenkinsDouble.WaitAsync(async () => (await admin.GetStringAsync(new Uri("job/microblog/indexing/consoleText", UriKind.Relative))).Contains("No changes detected: main", StringComparison.Ordinal), "the second scan");
        await File.WriteAllTextAsync(Path.Combine(_repository, "requirements.txt"), "flask\nbabel\nworkload-double-vulnerable\n");
        Commit("a dependency with a critical advisory");
        await admin.PostAsync(new Uri("job/microblog/build?delay=0", UriKind.Relative), null);
        await JenkinsDouble.WaitAsync(async () => (await admin.GetAsync(new Uri("job/microblog/job/main/2/api/json", UriKind.Relative))).IsSuccessStatusCode
            && JsonNode.Parse(await admin.GetStringAsync(new Uri("job/microblog/job/main/2/api/json", UriKind.Relative)))!["building"]!.GetValue<bool>() == false, "the second build");
        var second = JsonNode.Parse(await admin.GetStringAsync(new Uri("job/microblog/job/main/2/api/json", UriKind.Relative)))!;
        var secondConsole = await admin.GetStringAsync(new Uri("job/microblog/job/main/2/consoleText", UriKind.Relative));
        Assert.True(second["result"]!.GetValue<string>() == "FAILURE", secondConsole);
        Assert.Contains("ERROR: Dependency-Check scan failed.", secondConsole, StringComparison.Ordinal);
        Assert.Contains("DOUBLE-2026-0002", secondConsole, StringComparison.Ordinal);
        Assert.Contains("Stage \"Deploy\" skipped due to earlier failure(s)", secondConsole, StringComparison.Ordinal);

        // Everything survives a restart.
        _jenkins.Restart();
        using var again = _jenkins.Client();
        Assert.Equal(2, JsonNode.Parse(await again.GetStringAsync(new Uri("job/microblog/job/main/api/json", UriKind.Relative)))!["lastCompletedBuild"]!["number"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync(new Uri("credentials/store/system/domain/_/credential/nvd-api-key/api/json", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Without_their_plugins_Jenkins_has_no_credentials_store_and_cannot_load_a_multibranch_job()
    {
        using var bare = new JenkinsDouble(["junit"]);
        using var admin = bare.Client();
        await JenkinsDouble.CrumbAsync(admin);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("credentials/store/system/domain/_/api/json", UriKind.Relative))).StatusCode);
        var refused = await JenkinsDouble.PostXmlAsync(admin, "createItem?name=microblog", Job());
        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Contains("CannotResolveClassException", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private string Job() => JobXml.Replace("@REMOTE@", _repository, StringComparison.Ordinal);

    private void InstallDependencyCheckDouble()
    {
        var home = Path.Combine(_jenkins.Home, "tools", "dependency-check", "12.1.0");
        var source = Path.Combine(TaskConventionTests.RepositoryRoot(), "tests", "testbed", "mirror", "doubles", "dependency-check");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(home, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            File.SetUnixFileMode(target, File.GetUnixFileMode(file));
        }

        var (config, _) = Workload.Jenkins.DependencyCheckToolConfig.Reconcile(null, "DP-Check", home);
        File.WriteAllText(Path.Combine(_jenkins.Home, "org.jenkinsci.plugins.DependencyCheck.DependencyCheckToolBuilder.xml"), config);
    }

    private void Commit(string message)
    {
        Git("-C", _repository, "add", "-A");
        Git("-C", _repository, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-q", "-m", message);
    }

    private static void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {error}");
    }
}
