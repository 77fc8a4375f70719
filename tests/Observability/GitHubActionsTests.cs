using Workload.Tests.CommandLine;
using Xunit;

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
