using System.Text.RegularExpressions;
using Workload.Context;
using Workload.Frosting;
using Workload.Validation;

namespace Workload.Tests.Validation;

public sealed partial class JenkinsfileTests : IDisposable
{
    private readonly string _work = TestPaths.NewDirectory("workload-jenkinsfile");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string App => Path.Combine(_work, "app");

    [Fact]
    public void TheStagesAreTheWorkloadsInOrderWithoutClean()
    {
        var text = Render();

        Assert.Equal(["Build", "Test", "OWASP", "Deploy"], StageNames().Matches(text).Select(m => m.Groups[1].Value));
        Assert.DoesNotContain("stage('Clean')", text, StringComparison.Ordinal);
        var code = text.Split('\n').Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(code, l => l.Contains("pgrep", StringComparison.Ordinal) || l.Contains("kill", StringComparison.Ordinal));
    }

    [Fact]
    public void TestPublishesJUnitAndOwaspTakesTheKeyFromACredential()
    {
        var text = Render();

        Assert.Contains("python -m pytest tests/unit --verbose --junit-xml test-reports/results.xml", text, StringComparison.Ordinal);
        Assert.Contains("junit 'test-reports/results.xml'", text, StringComparison.Ordinal);

        // The plugin reads the key from the credential and passes it masked: the key is never in the file or an environment.
        Assert.Contains("nvdCredentialsId: 'nvd-api-key'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--nvdApiKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("withCredentials", text, StringComparison.Ordinal);
        Assert.Contains("--failOnCVSS 7", text, StringComparison.Ordinal);
        Assert.Contains("--disableOssIndex", text, StringComparison.Ordinal);
        Assert.Contains("--format JSON", text, StringComparison.Ordinal);
        Assert.Contains("odcInstallation: 'DP-Check', stopBuild: true", text, StringComparison.Ordinal);
        Assert.Contains("dependencyCheckPublisher pattern: '**/dependency-check-report.xml'", text, StringComparison.Ordinal);
        Assert.Contains("archiveArtifacts artifacts: 'dependency-check-report.*', allowEmptyArchive: true", text, StringComparison.Ordinal);
    }

    [Fact]
    public void DeployUpdatesTheAppDirectoryAndUsesExactlyTheSudoersCommands()
    {
        var text = Render(new() { ["appDirectory"] = "/home/jenkins/microblog" });
        var deploy = text[text.IndexOf("stage('Deploy')", StringComparison.Ordinal)..];

        Assert.Contains("branch 'main'", deploy, StringComparison.Ordinal);
        Assert.Contains("app_dir='/home/jenkins/microblog'", deploy, StringComparison.Ordinal);
        Assert.Contains("git fetch -q \"$workspace\" HEAD", deploy, StringComparison.Ordinal);
        Assert.Contains("set -a; . '/etc/microblog/microblog.env'; set +a", deploy, StringComparison.Ordinal);
        Assert.Contains("systemctl=$(command -v systemctl)", deploy, StringComparison.Ordinal);
        Assert.Contains("sudo -n \"$systemctl\" restart gunicorn\n", deploy, StringComparison.Ordinal);
        Assert.Contains("if sudo -n \"$systemctl\" is-active --quiet gunicorn; then", deploy, StringComparison.Ordinal);
        Assert.Contains("sudo -n \"$journalctl\" -u gunicorn.service\n", deploy, StringComparison.Ordinal);
        Assert.Equal(3, SudoCalls().Count(deploy));
    }

    [Fact]
    public void DeployRecordsWhatItDeployedWhereTheAppTaskReadsIt()
    {
        using var test = Context(new() { ["pythonVersion"] = "3.11", ["appExtraPackages"] = "gunicorn" });
        var text = test.Context.Templates.Render(JenkinsfileModel.Template, JenkinsfileModel.From(test.Context.Settings));
        var fingerprint = Workload.Application.AppBuild.From(test.Context.Settings, "3.11").Fingerprint();

        Assert.Contains("echo \"revision=$commit\"", text, StringComparison.Ordinal);
        Assert.Contains($"echo \"build={fingerprint}\"", text, StringComparison.Ordinal);
        Assert.Contains("echo \"deployed_by=Jenkins ${JOB_NAME} #${BUILD_NUMBER}\"", text, StringComparison.Ordinal);
        Assert.Contains("> .microblog-workload.stamp.tmp", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildFollowsThePythonAndPipSettings()
    {
        var text = Render(new() { ["pythonVersion"] = "3.11", ["pipNoIndex"] = "true", ["venvSystemSitePackages"] = "true", ["cvssThreshold"] = "11", ["appExtraPackages"] = "gunicorn" });

        Assert.Contains("python3.11 -m venv --system-site-packages venv", text, StringComparison.Ordinal);
        Assert.Contains("pip install --disable-pip-version-check --no-index -r requirements.txt 'gunicorn' 'pytest'\n", text, StringComparison.Ordinal);
        Assert.Contains("venv/bin/python -m pip install --disable-pip-version-check --no-index -r requirements.txt 'gunicorn'\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pymysql", text, StringComparison.Ordinal);
        Assert.DoesNotContain("--failOnCVSS", text, StringComparison.Ordinal);

        // pythonVersion unset: the Python ConfigurePython chose, the workload's 3.9 where the host has it, else its python3.
        Assert.Contains("\"$(command -v python3.9 || command -v python3)\" -m venv venv\n", Render(), StringComparison.Ordinal);
        Assert.Contains("-r requirements.txt 'gunicorn' 'pymysql' 'cryptography' 'pytest'\n", Render(), StringComparison.Ordinal);
    }

    [Fact]
    public void TheShStepsAreBashScriptsWithoutBackslashesForGroovyToRead()
    {
        var steps = Workload.Tests.Jenkins.JenkinsfileSteps.ShSteps(Render());

        Assert.Equal(["Build", "Test", "Deploy"], steps.Keys);
        Assert.All(steps.Values, script => Assert.StartsWith("#!/bin/bash\nset -euo pipefail\n", script, StringComparison.Ordinal));
        Assert.DoesNotContain('\\', string.Concat(steps.Values));
    }

    [Fact]
    public void TheTaskWritesTheFileThenIsInSync()
    {
        Directory.CreateDirectory(App);

        using (var first = Context())
        {
            RunAsTheEngineDoes(first.Context);
            Assert.Contains("+++ b/Jenkinsfile", first.Log.Text, StringComparison.Ordinal);
            Assert.Equal(TaskOutcome.Changed, first.Context.Journal.Entries.Single().Outcome);
        }

        Assert.Equal(Render(), File.ReadAllText(Path.Combine(App, "Jenkinsfile")));
        using var second = Context();
        RunAsTheEngineDoes(second.Context);
        Assert.Equal(TaskOutcome.InSync, second.Context.Journal.Entries.Single().Outcome);
        Assert.Contains("is in sync", second.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExistingJenkinsfileIsShownAsADiffAndPlanModeLeavesIt()
    {
        Directory.CreateDirectory(App);
        var path = Path.Combine(App, "Jenkinsfile");
        File.WriteAllText(path, "pipeline {\n    stage('Clean') { }\n}\n");

        using var test = Context(new() { ["plan"] = "true" });
        RunAsTheEngineDoes(test.Context);

        Assert.Equal("pipeline {\n    stage('Clean') { }\n}\n", File.ReadAllText(path));
        Assert.Contains("--- a/Jenkinsfile", test.Log.Text, StringComparison.Ordinal);
        Assert.Contains("-    stage('Clean') { }", test.Log.Text, StringComparison.Ordinal);
        Assert.Contains("+        stage('Deploy') {", test.Log.Text, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.ChangesPending, test.Context.ExitCode);
    }

    [Fact]
    public void ValuesThatWouldBreakOutOfTheirQuotesAreRefused()
    {
        Directory.CreateDirectory(App);
        using var test = Context(new() { ["appDirectory"] = "/srv/it's", ["jenkinsNvdCredentialsId"] = "nvd'; rm -rf /" });

        // The settings' formats refuse them before the Jenkinsfile's own check sees them.
        var problems = test.Context.SettingsRead.Problems;

        Assert.Equal(2, problems.Count);
        Assert.Contains("expected a Jenkins id of 1 to 64 letters", problems[1], StringComparison.Ordinal);
        Assert.StartsWith("appDirectory: got \"/srv/it's\"", problems[0], StringComparison.Ordinal);
        Assert.StartsWith("jenkinsNvdCredentialsId: got", problems[1], StringComparison.Ordinal);
    }

    /// <summary>The engine runs a check-first task through RunIfNeededAsync: the check, then (unless in sync) the apply.</summary>
    private static void RunAsTheEngineDoes(WorkloadContext context) =>
        new Jenkinsfile().RunIfNeededAsync(context).GetAwaiter().GetResult();

    private string Render(Dictionary<string, string>? arguments = null)
    {
        using var test = Context(arguments);
        return test.Context.Templates.Render(JenkinsfileModel.Template, JenkinsfileModel.From(test.Context.Settings));
    }

    private TestContext Context(Dictionary<string, string>? arguments = null)
    {
        Directory.CreateDirectory(App);
        var all = new Dictionary<string, string>(arguments ?? []) { ["app"] = App };
        return TestContext.Create(_work, all);
    }

    [GeneratedRegex(@"^\s*stage\('([^']+)'\)", RegexOptions.Multiline)]
    private static partial Regex StageNames();

    [GeneratedRegex(@"\bsudo -n ""\$(systemctl|journalctl)""")]
    private static partial Regex SudoCalls();
}
