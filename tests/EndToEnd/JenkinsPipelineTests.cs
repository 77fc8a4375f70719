using System.Text.Json.Nodes;
using Workload.Jenkins;

namespace Workload.Tests.EndToEnd;

/// <summary>
/// Issue 10's "done when", through the real command line on a fresh testbed host whose Jenkins is the TEST DOUBLE:
/// bad input stops the run before anything; JenkinsPipeline configures the plugins, the credential, the tool and the
/// job and reads back the first build of main; a re-run is in sync and --plan exits 0; a changed scan interval or
/// Jenkinsfile path plans as a diff and applies without touching the rest; a pinned plugin is installed at its version;
/// a newer commit the pipeline deploys is no drift for the App task, and only an appRef pinning another commit is.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class JenkinsPipelineTests(TestbedFixture testbed, MirrorFixture mirror)
{
    [Fact]
    public async Task Jenkins_is_configured_read_back_kept_in_sync_and_changed_field_by_field()
    {
        var run = new WorkloadRun(testbed, mirror, "jp");

        // Bad input: every problem named, nothing created.
        var (refusedCode, refused) = run.Run(["--target=JenkinsPipeline", "--jenkinsJobName=micro/blog", "--jenkinsDependencyCheckVersion=10.0.3", "--jenkinsNvdCredentialsId=nvd key", "--appRepository=not a repository"]);
        Assert.Equal(1, refusedCode);
        Assert.Contains("jenkinsJobName: got \"micro/blog\"", refused, StringComparison.Ordinal);
        Assert.Contains("jenkinsDependencyCheckVersion: got \"10.0.3\", expected 12.1.0 or later", refused, StringComparison.Ordinal);
        Assert.Contains("jenkinsNvdCredentialsId: got \"nvd key\"", refused, StringComparison.Ordinal);
        Assert.Contains("appRepository: got \"not a repository\"", refused, StringComparison.Ordinal);
        Assert.False(testbed.Testbed.InspectHost(run.Machine(HostRole.Jenkins)).Exists);

        var first = run.Expect(0, "--target=JenkinsPipeline");
        Assert.Contains("create Jenkins credential nvd-api-key (Secret text) from /etc/jenkins/nvd-api-key (secret not shown)", first, StringComparison.Ordinal);
        Assert.Contains("Dependency-Check installation DP-Check: add it (home /var/lib/jenkins/tools/dependency-check/12.1.0)", first, StringComparison.Ordinal);
        Assert.Contains("create multibranch pipeline job microblog over " + run.AppRepository, first, StringComparison.Ordinal);
        Assert.Contains("microblog » main #1 SUCCESS; tests: 6 passed, 0 failed, 0 skipped; Dependency-Check: 1 vulnerability in 23 dependencies, highest DOUBLE-2026-0001", first, StringComparison.Ordinal);

        // The key reached Jenkins without landing anywhere else readable: a root-only file, Jenkins' own store.
        Assert.Equal("600 root:root\n", await run.OnHostAsync(HostRole.Jenkins, "stat -c '%a %U:%G' /etc/jenkins/nvd-api-key"));
        Assert.Equal("0\n0\n0\n", await run.OnHostAsync(HostRole.Jenkins,
            $"grep -rlF {Shell(WorkloadRun.NvdApiKey)} /var/lib/jenkins /etc/systemd /run/systemd/system 2>/dev/null | wc -l; " +
            $"journalctl --no-pager | grep -cF {Shell(WorkloadRun.NvdApiKey)} || true; " +
            $"systemctl show -p Environment jenkins | grep -cF {Shell(WorkloadRun.NvdApiKey)} || true"));
        Assert.Equal("Secret text", JsonNode.Parse(await Api(run, "/credentials/store/system/domain/_/credential/nvd-api-key/api/json"))!["typeName"]!.GetValue<string>());

        // A re-run is in sync, and a plan agrees.
        var second = run.Expect(0, "--target=JenkinsPipeline");
        Assert.Contains("JenkinsPipeline", WorkloadRun.InSyncTasks(second));
        run.Expect(0, "--target=JenkinsPipeline", "--plan");

        // A changed scan interval and Jenkinsfile path: a diff of the job's config.xml, then only that changes.
        await File.WriteAllTextAsync(Path.Combine(run.Checkout, "ci", "Jenkinsfile").EnsureDirectory(), await File.ReadAllTextAsync(Path.Combine(run.Checkout, "Jenkinsfile")));
        run.Commit("The pipeline under ci/ too");
        run.Push();
        var jenkinsPid = await run.OnHostAsync(HostRole.Jenkins, "systemctl show -p MainPID --value jenkins");
        var stamp = await run.OnHostAsync(HostRole.Jenkins, "stat -c %Y /var/lib/microblog-workload/jenkins-credentials/nvd-api-key.sha256");
        string[] changed = ["--target=JenkinsPipeline", "--exclusive", "--jenkinsScanInterval=2h", "--jenkinsfilePath=ci/Jenkinsfile"];
        var plan = run.Expect(2, [.. changed, "--plan"]);
        Assert.Contains("JenkinsPipeline on jenkins would make 1 change:", plan, StringComparison.Ordinal);
        Assert.Contains("update job microblog: Jenkinsfile path Jenkinsfile -> ci/Jenkinsfile; scan interval 1d -> 2h", plan, StringComparison.Ordinal);
        Assert.Contains("+      <interval>7200000</interval>", plan, StringComparison.Ordinal);
        Assert.Contains("+    <scriptPath>ci/Jenkinsfile</scriptPath>", plan, StringComparison.Ordinal);
        Assert.Contains("<interval>86400000</interval>", await Api(run, "/job/microblog/config.xml"), StringComparison.Ordinal);

        var applied = run.Expect(0, changed);
        Assert.Contains("JenkinsPipeline on jenkins makes 1 change:", applied, StringComparison.Ordinal);
        var config = await Api(run, "/job/microblog/config.xml");
        Assert.Contains("<interval>7200000</interval>", config, StringComparison.Ordinal);
        Assert.Contains("<scriptPath>ci/Jenkinsfile</scriptPath>", config, StringComparison.Ordinal);
        Assert.Equal(jenkinsPid, await run.OnHostAsync(HostRole.Jenkins, "systemctl show -p MainPID --value jenkins"));
        Assert.Equal(stamp, await run.OnHostAsync(HostRole.Jenkins, "stat -c %Y /var/lib/microblog-workload/jenkins-credentials/nvd-api-key.sha256"));
        Assert.Equal(1, JsonNode.Parse(await Api(run, "/job/microblog/job/main/api/json"))!["lastBuild"]!["number"]!.GetValue<int>());
        run.Expect(0, [.. changed, "--plan"]);

        // A pinned plugin is installed at its version (from the mirror's update center), with a restart.
        var pinned = run.Expect(0, [.. changed, "--jenkinsPlugins=git:5.6.0"]);
        Assert.Contains("git:5.6.0 (has 5.7.0)", pinned, StringComparison.Ordinal);
        Assert.Contains("restart (after Jenkins plugins", pinned, StringComparison.Ordinal);
        Assert.Contains("Plugin-Version: 5.6.0", await run.OnHostAsync(HostRole.Jenkins, "unzip -p /var/lib/jenkins/plugins/git.jpi META-INF/MANIFEST.MF"), StringComparison.Ordinal);
        Assert.Contains("JenkinsPipeline", WorkloadRun.InSyncTasks(run.Expect(0, [.. changed, "--jenkinsPlugins=git:5.6.0"])));

        // The tool and the pipeline agree: a newer commit of main, built and deployed by the pipeline, is no drift.
        var deployedByTool = (await run.OnHostAsync(HostRole.Jenkins, "sed -n 's/^revision=//p' /srv/microblog/.microblog-workload.stamp")).Trim();
        await File.AppendAllTextAsync(Path.Combine(run.Checkout, "README.md"), "\nA newer commit.\n");
        var newer = run.Commit("A newer commit for the pipeline to deploy");
        run.Push();
        await run.OnHostAsync(HostRole.Jenkins, new JenkinsApi(8080, "admin").Prelude() + "jcrumb; printf '' | jpost /job/microblog/build?delay=0 application/x-www-form-urlencoded");
        await WaitForBuildAsync(run, 2);
        var build = JsonNode.Parse(await Api(run, "/job/microblog/job/main/2/api/json"))!;
        Assert.True(build["result"]!.GetValue<string>() == "SUCCESS", await Api(run, "/job/microblog/job/main/2/consoleText"));
        Assert.Equal($"revision={newer}\n", await run.OnHostAsync(HostRole.Jenkins, "grep '^revision=' /srv/microblog/.microblog-workload.stamp"));
        Assert.Equal(["App"], WorkloadRun.InSyncTasks(run.Expect(0, "--target=App", "--exclusive", "--plan")));

        // Only an appRef that pins another commit is drift, and the plan names both commits.
        var drift = run.Expect(2, "--target=App", "--exclusive", "--plan", "--appRef=" + deployedByTool);
        Assert.Contains($"deploy {deployedByTool[..12]} ({deployedByTool} of {run.AppRepository}), replacing {newer[..12]} (deployed by Jenkins microblog/main #2)", drift, StringComparison.Ordinal);

        // A job whose Jenkinsfile path the repository does not have fails as soon as the scan is done, and says why.
        var (missingCode, missing) = run.Run(["--target=JenkinsPipeline", "--exclusive", "--jenkinsJobName=elsewhere", "--jenkinsfilePath=nowhere/Jenkinsfile"]);
        Assert.Equal(1, missingCode);
        Assert.Contains("Jenkins' scan of elsewhere found no branch 'main' with nowhere/Jenkinsfile (setting jenkinsfilePath)", missing, StringComparison.Ordinal);
        Assert.Contains("Does not meet criteria", missing, StringComparison.Ordinal);
    }

    private static string Shell(string text) => Workload.Hosts.Shell.Quote(text);

    /// <summary>GET through Jenkins' API on the host, as the admin (the password from the root-only file).</summary>
    private static Task<string> Api(WorkloadRun run, string path) =>
        run.OnHostAsync(HostRole.Jenkins, new JenkinsApi(8080, "admin").Prelude() + $"jget {Shell(path)} \"$jw/b\" >/dev/null; cat \"$jw/b\"");

    private static async Task WaitForBuildAsync(WorkloadRun run, int number)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var branch = JsonNode.Parse(await Api(run, "/job/microblog/job/main/api/json"));
            if (branch?["lastCompletedBuild"]?["number"]?.GetValue<int>() >= number)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"build #{number} of microblog » main did not complete within 5 minutes");
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
    }
}

internal static class PathExtensions
{
    /// <summary>Creates the directory of a file path and returns the path.</summary>
    public static string EnsureDirectory(this string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }
}
