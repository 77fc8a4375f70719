using System.Text.Json.Nodes;
using Workload.Observability;
using Workload.Tests.CommandLine;
using Workload.Tests.Schemas;

namespace Workload.Tests.Observability;

/// <summary>
/// Saved plans (applyPlan): the comparison of a saved task's changes with a fresh check's, and the round trip through
/// the real command line on the one task that needs no host (Jenkinsfile: a file on this machine, with its diff).
/// The same on a real testbed host: tests/EndToEnd/SavedPlanHostTests.cs.
/// </summary>
public sealed class SavedPlanTests : IDisposable
{
    private static readonly string Schema = File.ReadAllText(Path.Combine(Conventions.TaskConventionTests.RepositoryRoot(), "workload-run.schema.json"));

    private readonly string _directory = Directory.CreateTempSubdirectory("workload-saved-plan-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static readonly PlannedChange Unit = new("update file /etc/systemd/system/x.service (0644 root:root)", "managed-file", "file /etc/systemd/system/x.service", PlannedChange.Digest("--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n"));
    private static readonly PlannedChange Package = new("install package nginx", "apt-packages", "packages nginx", null);

    [Fact]
    public void The_same_changes_are_no_difference()
    {
        Assert.Empty(SavedPlan.Differences([Unit, Package], [Unit with { }, Package with { }]));
        Assert.Empty(SavedPlan.Differences([], []));
    }

    [Fact]
    public void Another_diff_of_the_same_resource_is_different_and_says_so()
    {
        var drifted = Unit with { DiffDigest = PlannedChange.Digest("--- a\n+++ b\n@@ -1 +1 @@\n-c\n+b\n") };

        var line = Assert.Single(SavedPlan.Differences([Unit, Package], [drifted, Package]));

        Assert.StartsWith("different: file /etc/systemd/system/x.service (managed-file): \"update file", line, StringComparison.Ordinal);
        Assert.Contains("has another diff than the saved plan's", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_words_for_the_same_resource_are_different()
    {
        var line = Assert.Single(SavedPlan.Differences([Unit], [Unit with { Summary = "create file /etc/systemd/system/x.service (0644 root:root)", DiffDigest = null }]));

        Assert.Equal("different: file /etc/systemd/system/x.service (managed-file): the saved plan has \"update file /etc/systemd/system/x.service (0644 root:root)\", the host now needs \"create file /etc/systemd/system/x.service (0644 root:root)\"", line);
    }

    [Fact]
    public void A_change_not_in_the_plan_is_added_and_one_not_needed_now_is_missing()
    {
        var lines = SavedPlan.Differences([Package], [Unit]);

        Assert.Equal(2, lines.Count);
        Assert.StartsWith("added: file /etc/systemd/system/x.service (managed-file)", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("missing: packages nginx (apt-packages): \"install package nginx\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void After_earlier_changes_a_saved_change_no_longer_needed_is_accepted_but_never_an_added_one()
    {
        Assert.Empty(SavedPlan.Differences([Package, Unit], [Unit], allowMissing: true));
        Assert.StartsWith("added: ", Assert.Single(SavedPlan.Differences([Package], [Package, Unit], allowMissing: true)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_saved_plan_is_applied_exactly_and_holds_a_digest_of_its_diff()
    {
        var app = App();

        var (planned, planOutput) = Run("--target=Jenkinsfile", "--app=" + app, "--plan", "--reportFile=plan.json");

        Assert.True(planned == 2, planOutput);
        var json = File.ReadAllText(Path.Combine(_directory, "plan.json"));
        Assert.Empty(SchemaValidator.Errors(Schema, json));
        var plan = JsonNode.Parse(json)!;
        var change = Assert.Single(Assert.Single(plan["tasks"]!.AsArray())!["changes"]!.AsArray())!;
        Assert.Equal("local-file", change["kind"]!.GetValue<string>());
        Assert.Equal($"file {Path.Combine(app, "Jenkinsfile")}", change["target"]!.GetValue<string>());
        Assert.Equal(PlannedChange.Digest(change["diff"]!.GetValue<string>()), change["diffDigest"]!.GetValue<string>());
        Assert.Matches("^sha256:[0-9a-f]{64}$", plan["configurationDigest"]!.GetValue<string>());
        Assert.False(File.Exists(Path.Combine(app, "Jenkinsfile")));

        var (applied, applyOutput) = Run("--target=Jenkinsfile", "--app=" + app, "--applyPlan=plan.json", "--reportFile=report.json");

        Assert.True(applied == 0, applyOutput);
        Assert.Contains($"The saved plan {PathOf("plan.json")} matches what is there now: 1 change to apply, exactly those", applyOutput, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(app, "Jenkinsfile")));
        var report = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "report.json")))!;
        var made = Assert.Single(report["tasks"]!.AsArray())!;
        Assert.Equal("changed", made["outcome"]!.GetValue<string>());
        Assert.Equal(change["diffDigest"]!.GetValue<string>(), made["changes"]![0]!["diffDigest"]!.GetValue<string>());
    }

    [Fact]
    public void A_saved_plan_whose_file_changed_since_is_refused_naming_the_resource_and_nothing_is_written()
    {
        var app = App();
        var path = Path.Combine(app, "Jenkinsfile");
        File.WriteAllText(path, "pipeline { }\n");
        Assert.Equal(2, Run("--target=Jenkinsfile", "--app=" + app, "--plan", "--reportFile=plan.json").ExitCode);
        File.WriteAllText(path, "pipeline { agent any }\n");

        // As in GitHub Actions: each difference is an error annotation too.
        var (exitCode, output) = WorkloadProcess.Run(
            _directory,
            new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = PathOf("summary.md") },
            "--target=Jenkinsfile",
            "--app=" + app,
            "--applyPlan=plan.json");

        Assert.True(exitCode == 1, output);
        Assert.Contains($"::error title=Saved plan refused::here Jenkinsfile: different: file {path} (local-file)", output, StringComparison.Ordinal);
        Assert.Contains($"applyPlan: the saved plan {PathOf("plan.json")} is stale", output, StringComparison.Ordinal);
        Assert.Contains("nothing was applied", output, StringComparison.Ordinal);
        Assert.Contains($"here Jenkinsfile: different: file {path} (local-file): \"update {path}\" has another diff than the saved plan's", output, StringComparison.Ordinal);
        Assert.Contains("Make a new plan", output, StringComparison.Ordinal);
        Assert.Equal("pipeline { agent any }\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_task_in_sync_in_the_plan_with_a_change_now_is_refused()
    {
        var app = App();
        Assert.Equal(0, Run("--target=Jenkinsfile", "--app=" + app).ExitCode);
        Assert.Equal(0, Run("--target=Jenkinsfile", "--app=" + app, "--plan", "--reportFile=plan.json").ExitCode);
        File.Delete(Path.Combine(app, "Jenkinsfile"));

        var (exitCode, output) = Run("--target=Jenkinsfile", "--app=" + app, "--applyPlan=plan.json");

        Assert.True(exitCode == 1, output);
        Assert.Contains($"here Jenkinsfile: added: file {Path.Combine(app, "Jenkinsfile")} (local-file): \"create ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(app, "Jenkinsfile")));
    }

    [Fact]
    public void A_saved_plan_of_another_configuration_targets_kind_or_format_is_refused_before_anything()
    {
        var app = App();
        Assert.Equal(2, Run("--target=Jenkinsfile", "--app=" + app, "--plan", "--reportFile=plan.json").ExitCode);
        var plan = File.ReadAllText(Path.Combine(_directory, "plan.json"));

        var (configuration, configurationOutput) = Run("--target=Jenkinsfile", "--app=" + app, "--jenkinsTestPackages=pytest,coverage", "--applyPlan=plan.json");
        Assert.True(configuration == 1, configurationOutput);
        Assert.Contains($"applyPlan: {PathOf("plan.json")} was made with another configuration", configurationOutput, StringComparison.Ordinal);

        var (targets, targetsOutput) = Run("--target=Jenkinsfile", "--exclusive", "--app=" + app, "--applyPlan=plan.json");
        Assert.True(targets == 1, targetsOutput);
        Assert.Contains($"applyPlan: {PathOf("plan.json")} was made for --target=Jenkinsfile, and this run is --target=Jenkinsfile --exclusive", targetsOutput, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_directory, "old.json"), SchemaValidator.WithKey(plan, "format", "microblog-workload-run/0"));
        var (format, formatOutput) = Run("--target=Jenkinsfile", "--app=" + app, "--applyPlan=old.json");
        Assert.True(format == 1, formatOutput);
        Assert.Contains($"applyPlan: {PathOf("old.json")} is of format 'microblog-workload-run/0'", formatOutput, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_directory, "report.json"), SchemaValidator.WithKey(plan, "kind", "report"));
        var (report, reportOutput) = Run("--target=Jenkinsfile", "--app=" + app, "--applyPlan=report.json");
        Assert.True(report == 1, reportOutput);
        Assert.Contains($"applyPlan: {PathOf("report.json")} is the report of a run that changed things, not a plan", reportOutput, StringComparison.Ordinal);

        var (both, bothOutput) = Run("--target=Jenkinsfile", "--app=" + app, "--plan", "--applyPlan=plan.json");
        Assert.True(both == 1, bothOutput);
        Assert.Contains("applyPlan: a saved plan is applied, and plan only plans", bothOutput, StringComparison.Ordinal);

        Assert.False(File.Exists(Path.Combine(app, "Jenkinsfile")));
    }

    [Fact]
    public void A_plan_made_before_its_host_existed_is_refused()
    {
        var app = App();
        Assert.Equal(2, Run("--target=Jenkinsfile", "--app=" + app, "--plan", "--reportFile=plan.json").ExitCode);
        var plan = JsonNode.Parse(File.ReadAllText(Path.Combine(_directory, "plan.json")))!;
        var task = plan["tasks"]![0]!;
        task["host"] = "jenkins";
        task["changes"]![0]!["kind"] = "missing-host";
        File.WriteAllText(Path.Combine(_directory, "early.json"), plan.ToJsonString());

        var (exitCode, output) = Run("--target=Jenkinsfile", "--app=" + app, "--applyPlan=early.json");

        Assert.True(exitCode == 1, output);
        Assert.Contains($"applyPlan: {PathOf("early.json")} was made before the jenkins host existed, so Jenkinsfile could not be checked", output, StringComparison.Ordinal);
    }

    private string PathOf(string name) => Path.Combine(_directory, name);

    private (int ExitCode, string Output) Run(params string[] args) => WorkloadProcess.Run(_directory, null, args);

    private string App() => AppCheckouts.Create(_directory);
}
