using System.Text.Json.Nodes;

namespace Workload.Tests.EndToEnd;

/// <summary>
/// Saved plans on a real testbed host (applyPlan): a plan saved with --plan --reportFile is applied exactly; a plan
/// saved before the host drifted again is refused before anything is applied, naming the host, the task and the file,
/// and the host keeps what it had.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class SavedPlanHostTests(TestbedFixture testbed, MirrorFixture mirror)
{
    private const string Unit = "/etc/systemd/system/node_exporter.service";

    [Fact]
    public async Task A_saved_plan_is_applied_exactly_and_refused_after_the_host_drifted()
    {
        var run = new WorkloadRun(testbed, mirror, "sp");
        run.Expect(0, "--target=ProvisionJenkins");
        string[] task = ["--target=NodeExporter", "--exclusive"];

        // A fresh host: the saved plan's changes, and no others, are made.
        run.Expect(2, [.. task, "--plan", "--reportFile=plan.json"]);
        var planned = Changes(run, "plan.json");
        var applied = run.Expect(0, [.. task, "--applyPlan=plan.json", "--reportFile=report.json"]);
        Assert.Contains($"matches what is there now: {planned.Count} changes to apply, exactly those", applied, StringComparison.Ordinal);
        Assert.Equal(planned, Changes(run, "report.json"));
        run.Expect(0, [.. task, "--plan"]);

        // Drifted once: the plan to set it back is saved; drifted again before the apply: refused, nothing changed.
        await run.OnHostAsync(HostRole.Jenkins, $"echo '# drift 1' >> {Unit}");
        run.Expect(2, [.. task, "--plan", "--reportFile=drift.json"]);
        await run.OnHostAsync(HostRole.Jenkins, $"echo '# drift 2' >> {Unit}");
        var before = await run.OnHostAsync(HostRole.Jenkins, $"stat -c '%Y %s' {Unit}; cat {Unit}");

        var (exitCode, refused) = run.Run([.. task, "--applyPlan=drift.json"]);

        Assert.True(exitCode == 1, refused);
        Assert.Contains("is stale: what the hosts need now differs from what was reviewed; nothing was applied. Make a new plan", refused, StringComparison.Ordinal);
        Assert.Contains($"jenkins NodeExporter: different: file {Unit} (managed-file): \"update file {Unit}", refused, StringComparison.Ordinal);
        Assert.Contains("has another diff than the saved plan's", refused, StringComparison.Ordinal);
        Assert.DoesNotContain("change 1 of", refused, StringComparison.Ordinal);
        Assert.Equal(before, await run.OnHostAsync(HostRole.Jenkins, $"stat -c '%Y %s' {Unit}; cat {Unit}"));

        // A new plan of the host as it is now applies.
        run.Expect(2, [.. task, "--plan", "--reportFile=again.json"]);
        run.Expect(0, [.. task, "--applyPlan=again.json"]);
        Assert.DoesNotContain("# drift", await run.OnHostAsync(HostRole.Jenkins, $"cat {Unit}"), StringComparison.Ordinal);
    }

    private static List<string> Changes(WorkloadRun run, string file)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(run.Directory, file)))!;
        var task = Assert.Single(document["tasks"]!.AsArray(), t => t!["task"]!.GetValue<string>() == "NodeExporter")!;
        return task["changes"]!.AsArray().Select(c => $"{c!["kind"]} {c["target"]} {c["summary"]} {c["diffDigest"]}").ToList();
    }
}
