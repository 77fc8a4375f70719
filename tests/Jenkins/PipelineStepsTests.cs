using System.Text;
using System.Xml.Linq;
using Workload.Tests.EndToEnd;
using Workload.Validation;

namespace Workload.Tests.Jenkins;

/// <summary>
/// The pipeline's own steps, for real and without any Jenkins: the Build, Test and Deploy stages' sh steps of the
/// Jenkinsfile the tool writes, run one after another as the jenkins user on a testbed host the tool converged (the
/// Jenkins host's chain of Deploy, up to the sudoers grant the Deploy stage needs), in a workspace cloned from the app
/// repository, with the environment Jenkins gives a build of main. They prove that the venv follows the App task's
/// settings, that the tests run and write their JUnit report, that the deploy goes through the sudoers grant and
/// restarts gunicorn, that the app still answers, and that the App task then sees no drift.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class PipelineStepsTests(TestbedFixture testbed, MirrorFixture mirror)
{
    private const string Workspace = "/var/lib/jenkins/workspace/microblog_main";

    [Fact]
    public async Task The_Build_Test_and_Deploy_steps_work_on_the_host_as_the_jenkins_user()
    {
        var run = new WorkloadRun(testbed, mirror, "ps");
        run.Expect(0, "--target=Sudoers");
        var steps = JenkinsfileSteps.ShSteps(await File.ReadAllTextAsync(Path.Combine(run.Checkout, "Jenkinsfile")));
        Assert.Equal(["Build", "Test", "Deploy"], steps.Keys);

        await run.OnHostAsync(HostRole.Jenkins, $"rm -rf {Workspace} && runuser -u jenkins -- git clone -q {Workload.Hosts.Shell.Quote(run.AppRepository)} {Workspace}");
        var gunicorn = await run.OnHostAsync(HostRole.Jenkins, "systemctl show -p MainPID --value gunicorn");
        foreach (var (stage, script) in steps)
        {
            var output = await StepAsync(run, stage, script);
            testbed.Log($"{stage}: {output.Length} characters of output");
        }

        // Test wrote its JUnit report, and the tests passed.
        var report = await run.OnHostAsync(HostRole.Jenkins, $"cat {Workspace}/test-reports/results.xml");
        var summary = JUnitSummary.Parse(XDocument.Parse(report));
        Assert.True(summary.Passed, summary.ToString());
        Assert.Equal(6, summary.Tests); // tests/fixtures/microblog/tests/unit: six tests

        // Deploy restarted gunicorn through the grant, and the app answers through nginx.
        Assert.NotEqual(gunicorn, await run.OnHostAsync(HostRole.Jenkins, "systemctl show -p MainPID --value gunicorn"));
        Assert.Contains("<title>Sign In - Microblog</title>", await run.OnHostAsync(HostRole.Jenkins, "for i in $(seq 30); do curl -sfL http://127.0.0.1/ && exit 0; sleep 1; done; exit 1"), StringComparison.Ordinal);

        // It recorded what it deployed where the App task reads it: the App task sees no drift.
        Assert.Contains("deployed_by=Jenkins microblog/main #7", await run.OnHostAsync(HostRole.Jenkins, "cat /srv/microblog/.microblog-workload.stamp"), StringComparison.Ordinal);
        Assert.Equal(["App"], WorkloadRun.InSyncTasks(run.Expect(0, "--target=App", "--exclusive", "--plan")));
    }

    /// <summary>Runs one sh step as jenkins in the workspace, with the environment Jenkins gives a build; returns its output.</summary>
    private async Task<string> StepAsync(WorkloadRun run, string stage, string script)
    {
        var file = $"{Workspace}@tmp/step-{stage}.sh";
        var environment = string.Join(' ', new Dictionary<string, string>
        {
            ["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            ["HOME"] = "/var/lib/jenkins",
            ["USER"] = "jenkins",
            ["JENKINS_HOME"] = "/var/lib/jenkins",
            ["WORKSPACE"] = Workspace,
            ["BUILD_NUMBER"] = "7",
            ["BUILD_ID"] = "7",
            ["JOB_NAME"] = "microblog/main",
            ["JOB_BASE_NAME"] = "main",
            ["BRANCH_NAME"] = "main",
            ["NODE_NAME"] = "built-in",
            ["EXECUTOR_NUMBER"] = "0",
        }.Select(e => $"{e.Key}={Workload.Hosts.Shell.Quote(e.Value)}"));
        var command = new StringBuilder()
            .Append($"install -d -o jenkins -g jenkins {Workspace}@tmp\n")
            .Append($"cat > {file} <<'WORKLOAD_STEP'\n{script}WORKLOAD_STEP\n")
            .Append($"chown jenkins:jenkins {file} && chmod 0700 {file}\n")
            // As Jenkins runs an sh step: the script with its own interpreter (#!), or sh -xe.
            .Append($"cd {Workspace} && runuser -u jenkins -- env -i {environment} {(script.StartsWith("#!", StringComparison.Ordinal) ? file : "sh -xe " + file)} 2>&1; code=$?; rm -f {file}; exit $code\n");
        var result = await testbed.Testbed.RunAsRootAsync(run.Machine(HostRole.Jenkins), ["sh", "-c", command.ToString()], CancellationToken.None, timeout: TimeSpan.FromMinutes(10));
        Assert.True(result.Succeeded, $"The {stage} stage's sh step failed (exit {result.ExitCode}):\n{result.StandardOutput}\n{result.StandardError}");
        return result.StandardOutput;
    }
}
