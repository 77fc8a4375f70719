using System.Text.Json.Nodes;
using Workload.Tests.Schemas;

namespace Workload.Tests.EndToEnd;

/// <summary>
/// The JSON plan and report of a real run on a testbed host: both follow workload-run.schema.json, and they hold the
/// changes the text plan shows, with kinds, targets and diffs that GNU patch reads.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class JsonRunReportTests(TestbedFixture testbed, MirrorFixture mirror)
{
    private static readonly string Schema = File.ReadAllText(Path.Combine(Conventions.TaskConventionTests.RepositoryRoot(), "workload-run.schema.json"));

    [Fact]
    public void The_json_plan_and_report_of_a_real_run_follow_the_schema_and_hold_the_text_plans_changes()
    {
        var run = new WorkloadRun(testbed, mirror, "js");
        run.Expect(0, "--target=ProvisionJenkins");

        // As in GitHub Actions: the plan's diffs go to the job summary too.
        var summary = Path.Combine(run.Directory, "step-summary.md");
        run.Environment["GITHUB_ACTIONS"] = "true";
        run.Environment["GITHUB_STEP_SUMMARY"] = summary;
        var text = run.Expect(2, "--target=NodeExporter", "--exclusive", "--plan", "--reportFile=plan.json");
        run.Environment.Remove("GITHUB_ACTIONS");
        run.Environment.Remove("GITHUB_STEP_SUMMARY");
        var plan = Read(run, "plan.json");
        Assert.Equal("plan", plan["kind"]!.GetValue<string>());
        Assert.True(plan["changesPending"]!.GetValue<bool>());
        var pending = Task(plan, "NodeExporter");
        Assert.Equal("jenkins", pending["host"]!.GetValue<string>());
        Assert.Equal("pending", pending["outcome"]!.GetValue<string>());
        var planned = Summaries(pending);
        Assert.Equal(TextPlanChanges(text, "NodeExporter"), planned);
        var changes = pending["changes"]!.AsArray();
        Assert.Contains(changes, c => c!["kind"]!.GetValue<string>() == "managed-file" && c["diff"]!.GetValue<string>().Contains("\n@@ -0,0 +1,", StringComparison.Ordinal));
        Assert.Contains("JSON plan written to", text, StringComparison.Ordinal);
        var markdown = File.ReadAllText(summary);
        Assert.Contains($"<details><summary>NodeExporter on jenkins: {planned.Count} changes</summary>", markdown, StringComparison.Ordinal);
        Assert.Contains("```diff\n--- /dev/null\n", markdown, StringComparison.Ordinal);
        Assert.Contains("::group::NodeExporter", text, StringComparison.Ordinal);

        var applied = run.Expect(0, "--target=NodeExporter", "--exclusive", "--reportFile=report.json");
        var report = Read(run, "report.json");
        Assert.Equal("report", report["kind"]!.GetValue<string>());
        Assert.True(report["succeeded"]!.GetValue<bool>());
        var changed = Task(report, "NodeExporter");
        Assert.Equal("changed", changed["outcome"]!.GetValue<string>());
        Assert.Equal(planned, Summaries(changed));
        Assert.Contains("JSON report written to", applied, StringComparison.Ordinal);

        // Progress at normal verbosity: each change as it starts (its words are in the plan printed above), then the task's count and time.
        Assert.Contains($"jenkins NodeExporter: change 1 of {planned.Count} ...", applied, StringComparison.Ordinal);
        Assert.Contains($"jenkins NodeExporter: change {planned.Count} of {planned.Count} ...", applied, StringComparison.Ordinal);
        Assert.All(planned, change => Assert.Single(applied.Split('\n'), l => l.Contains(change, StringComparison.Ordinal)));
        Assert.Matches($@"jenkins NodeExporter: {planned.Count} changes in \d+\.\d s", applied);

        run.Expect(0, "--target=NodeExporter", "--exclusive", "--plan", "--reportFile=again.json");
        var again = Task(Read(run, "again.json"), "NodeExporter");
        Assert.Equal("in-sync", again["outcome"]!.GetValue<string>());
        Assert.Empty(again["changes"]!.AsArray());
    }

    private static JsonObject Read(WorkloadRun run, string name)
    {
        var json = File.ReadAllText(Path.Combine(run.Directory, name));
        Assert.Empty(SchemaValidator.Errors(Schema, json));
        Assert.DoesNotContain(WorkloadRun.GrafanaPassword, json, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkloadRun.JenkinsPassword, json, StringComparison.Ordinal);
        return JsonNode.Parse(json)!.AsObject();
    }

    private static JsonObject Task(JsonObject document, string task) =>
        Assert.Single(document["tasks"]!.AsArray(), t => t!["task"]!.GetValue<string>() == task)!.AsObject();

    private static List<string> Summaries(JsonObject task) =>
        task["changes"]!.AsArray().Select(c => c!["summary"]!.GetValue<string>()).ToList();

    /// <summary>The "  ~ change" lines the text plan shows under the task's heading.</summary>
    private static List<string> TextPlanChanges(string output, string task)
    {
        var lines = output.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith($"{task} on ", StringComparison.Ordinal));
        Assert.True(start >= 0, $"no plan of {task} in:\n{output}");
        return lines.Skip(start + 1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("  ~ ", StringComparison.Ordinal))
            .Select(l => l[4..].TrimEnd())
            .ToList();
    }
}
