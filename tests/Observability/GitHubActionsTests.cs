using Workload.Tests.CommandLine;

namespace Workload.Tests.Observability;

/// <summary>The tool in GitHub Actions (GITHUB_ACTIONS and GITHUB_STEP_SUMMARY set as the runner sets them): log groups, annotations, job summary.</summary>
public sealed class GitHubActionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("workload-gha-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Summary => Path.Combine(_directory, "step-summary.md");

    [Fact]
    public void A_plan_runs_each_task_in_a_log_group_and_puts_its_changes_in_the_job_summary()
    {
        var app = App();

        var (exitCode, output) = WorkloadProcess.Run(_directory, GitHubActions(), "--target=Jenkinsfile", "--app=" + app, "--plan");

        Assert.Equal(2, exitCode);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.IndexOf("::group::Jenkinsfile");
        Assert.True(start >= 0, output);
        Assert.True(lines.IndexOf("::endgroup::") > start, output);
        var summary = File.ReadAllText(Summary);
        Assert.Contains("### Plan: 1 change pending", summary, StringComparison.Ordinal);
        Assert.Contains("<details><summary>Jenkinsfile: 1 change</summary>", summary, StringComparison.Ordinal);
        Assert.Contains($"- create {Path.Combine(app, "Jenkinsfile")}", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_task_is_an_error_annotation()
    {
        var app = App();
        Directory.CreateDirectory(Path.Combine(app, "Jenkinsfile"));

        var (exitCode, output) = WorkloadProcess.Run(_directory, GitHubActions(), "--target=Jenkinsfile", "--app=" + app);

        Assert.Equal(1, exitCode);
        Assert.Contains($"::error title=Jenkinsfile failed::Is a directory : '{Path.Combine(app, "Jenkinsfile")}'", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_preflight_problem_is_an_error_annotation_on_the_configuration_files_line()
    {
        File.WriteAllText(Path.Combine(_directory, "workload.json"), "{\n  \"sshPort\": \"x\",\n  \"jenkinsAdress\": \"10.0.0.1\"\n}\n");
        var environment = GitHubActions();
        environment["GITHUB_WORKSPACE"] = _directory;

        var (exitCode, output) = WorkloadProcess.Run(_directory, environment, "--target=Jenkinsfile", "--app=" + App(), "--sshUser=9bad");

        Assert.Equal(1, exitCode);
        var annotations = output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("::error ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, annotations.Count);
        Assert.Contains(annotations, a => a.StartsWith("::error title=Preflight,file=workload.json,line=2::sshPort: got \"x\"", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.StartsWith("::error title=Preflight,file=workload.json,line=3::jenkinsAdress: unknown setting", StringComparison.Ordinal));
        Assert.Contains(annotations, a => a.StartsWith("::error title=Preflight::sshUser: got \"9bad\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_github_actions_there_are_no_workflow_commands()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--target=Jenkinsfile", "--app=" + App(), "--plan");

        Assert.Equal(2, exitCode);
        Assert.DoesNotContain("::group::", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Summary));
    }

    private Dictionary<string, string> GitHubActions() => new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = Summary };

    private string App() => AppCheckouts.Create(_directory);
}
