using System.Security.Cryptography;
using System.Text;
using Workload.Application;
using Workload.Jenkins;

namespace Workload.Tests.Resources;

/// <summary>
/// The workload's own resources (tasks/Application, tasks/Jenkins: the app, its settings file, Dependency-Check,
/// the first build) planned on recorded facts, without a host; the Jenkins job, credential, tool and plugin
/// resources are planned the same way in tests/Jenkins, Grafana's admin login in tests/Observability.
/// </summary>
public sealed class WorkloadResourcePlanTests
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Other = "fedcba9876543210fedcba9876543210fedcba98";
    private const string Repository = "https://github.com/miguelgrinberg/microblog.git";

    // ---- the app ----

    [Fact]
    public void The_app_at_its_revision_with_its_venv_and_requirements_is_in_sync()
    {
        Assert.Empty(RecordedHost.Summaries(App(), Deployed(Commit)));
    }

    [Fact]
    public void Another_revision_is_deployed_naming_both_commits_and_who_deployed_the_other()
    {
        Assert.Equal(
            [$"deploy {Commit[..12]} (main of {Repository}), replacing {Other[..12]} (deployed by jenkins build 7); install requirements.txt and gunicorn, pymysql; run flask translate compile and flask db upgrade"],
            RecordedHost.Summaries(App(), [.. Deployed(Other), "stamp_deployed_by=jenkins build 7"]));
    }

    [Fact]
    public void A_fresh_host_without_git_deploys_once_git_is_there_and_a_changed_requirements_file_reinstalls()
    {
        Assert.Equal(
            [$"deploy main of {Repository} (its commit is resolved once git is installed); create the venv with python3.11; install requirements.txt and gunicorn, pymysql; run flask translate compile and flask db upgrade"],
            RecordedHost.Summaries(App(), "git=missing"));
        Assert.Equal(
            ["install requirements.txt and gunicorn, pymysql; run flask translate compile and flask db upgrade"],
            RecordedHost.Summaries(App(), [.. Deployed(Commit), "requirements=changed"]));
    }

    [Fact]
    public void An_unreadable_repository_or_a_missing_branch_is_a_clear_error()
    {
        Assert.Contains("setting appRepository", Assert.Throws<InvalidOperationException>(() => RecordedHost.Plan([App()], ["remote_error=fatal: could not read Username"])).Message, StringComparison.Ordinal);
        Assert.Contains("no branch or tag 'main' (setting appRef)", Assert.Throws<InvalidOperationException>(() => RecordedHost.Plan([App()], ["venv=3.11"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_settings_file_keeps_its_secret_and_is_rewritten_on_drift()
    {
        var settings = new AppEnvironmentFile("/etc/microblog/microblog.env", "microblog", "sqlite:////srv/microblog/app.db");
        string[] inSync = ["exists=1", "owner=microblog", "group=microblog", "mode=600", "secret=1", "database=" + Sha256("DATABASE_URL='sqlite:////srv/microblog/app.db'\n"), "flask_app=1"];

        Assert.Empty(RecordedHost.Summaries(settings, inSync));
        Assert.Equal(
            ["write app settings /etc/microblog/microblog.env: create it (a new SECRET_KEY generated on the host; 0600 microblog:microblog)"],
            RecordedHost.Summaries(settings));
        Assert.Equal(
            ["write app settings /etc/microblog/microblog.env: set DATABASE_URL, mode 0644 -> 0600 (the existing SECRET_KEY kept; 0600 microblog:microblog)"],
            RecordedHost.Summaries(settings, [.. inSync[..3], "mode=644", "secret=1", "database=other", "flask_app=1"]));
    }

    // ---- Jenkins ----

    [Fact]
    public void Dependency_check_is_in_sync_by_its_stamp_and_reinstalled_when_not_the_jenkins_users()
    {
        const string url = "https://github.com/dependency-check/DependencyCheck/releases/download/v12.1.0/dependency-check-12.1.0-release.zip";
        var release = new DependencyCheckRelease("12.1.0", url, "ABCDEF");
        string[] installed = [$"stamp_url={url}", "stamp_sha256=abcdef", "executable=1", "owner=jenkins"];
        var reinstall = $"download Dependency-Check 12.1.0 from {url}, check SHA-256 abcdef, unpack into {DependencyCheckRelease.HomeOf("12.1.0")} (owner jenkins)";

        Assert.Empty(RecordedHost.Summaries(release, installed));
        Assert.Equal([reinstall], RecordedHost.Summaries(release, [.. installed[..3], "owner=root"]));
        Assert.Equal([reinstall], RecordedHost.Summaries(release, "owner="));
    }

    [Fact]
    public void The_first_build_is_in_sync_when_it_succeeded_and_built_again_when_it_failed()
    {
        string[] succeeded = ["completed_status=200", "completed_body=" + B64("""{"number":3,"result":"SUCCESS"}"""), "tests_status=200", "tests_body=" + B64("""{"passCount":2,"failCount":0,"skipCount":0}""")];
        string[] failed = ["completed_status=200", "completed_body=" + B64("""{"number":4,"result":"FAILURE"}"""), "tests_status=404", "console=" + B64("ERROR: script returned exit code 1\n")];

        var build = FirstBuildOf(haveNvdKey: true);
        Assert.Empty(RecordedHost.Summaries(build, succeeded));
        Assert.Equal(new PipelineBuild(3, "SUCCESS", "/job/microblog/job/main/3/", "2 passed, 0 failed, 0 skipped", null), build.Build);
        Assert.Equal(
            ["build microblog » main again (its last build #4 ended FAILURE) and wait up to 30 min for it, then read its result, tests and Dependency-Check findings"],
            RecordedHost.Summaries(FirstBuildOf(haveNvdKey: true), failed));
        Assert.Equal(
            ["scan the repository of microblog for branches (with Jenkinsfile) and wait up to 30 min for the first build of main, then read its result, tests and Dependency-Check findings"],
            RecordedHost.Summaries(FirstBuildOf(haveNvdKey: true), "completed_status=404"));
        Assert.Contains("(401)", Assert.Throws<InvalidOperationException>(() => RecordedHost.Plan([FirstBuildOf(haveNvdKey: true)], ["completed_status=401"])).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_build_that_failed_only_for_the_missing_NVD_key_is_accepted_without_the_key()
    {
        string[] failedForTheKey = ["completed_status=200", "completed_body=" + B64("""{"number":1,"result":"FAILURE"}"""), "console=" + B64(FirstBuild.MissingCredentialMessage + "\n")];

        Assert.Empty(RecordedHost.Summaries(FirstBuildOf(haveNvdKey: false), failedForTheKey));
        Assert.Single(RecordedHost.Summaries(FirstBuildOf(haveNvdKey: true), failedForTheKey));
    }

    private static FirstBuild FirstBuildOf(bool haveNvdKey) =>
        new(new JenkinsApi(8080, "admin"), "microblog", "main", "Jenkinsfile", TimeSpan.FromMinutes(30), haveNvdKey, new Aws.CapturingLog());

    private static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static AppDeployment App() => new(
        new AppSource.Git(Repository, "main"),
        "/srv/microblog",
        "microblog",
        "/etc/microblog/microblog.env",
        Build());

    /// <summary>The app's facts on a host where <paramref name="revision"/> was deployed by this build, and main is at <see cref="Commit"/>.</summary>
    private static string[] Deployed(string revision) =>
    [
        $"stamp_revision={revision}", "stamp_requirements=req", "stamp_build=" + Build().Fingerprint(),
        "requirements=req", "venv=3.11", $"remote={Commit}\trefs/heads/main",
    ];

    private static AppBuild Build() => new("3.11", ["gunicorn", "pymysql"], null, NoIndex: false, SystemSitePackages: false);

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
