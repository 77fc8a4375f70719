using System.Text.Json.Nodes;
using Workload.Context;
using Workload.Frosting;
using Workload.Observability;
using Workload.Tests.Validation;

namespace Workload.Tests.Observability;

/// <summary>
/// A saved plan of several tasks, checked as a run's start and each task do: every task is checked before the
/// first one applies and every difference is listed; once earlier tasks applied their changes, a later task may need
/// fewer of its saved changes, never another.
/// </summary>
public sealed class SavedPlanOrderTests : IDisposable
{
    private static readonly JournalChange Site = new("update file /etc/nginx/sites-available/microblog (0644 root:root)", "managed-file", "file /etc/nginx/sites-available/microblog", "--- a\n+++ b\n@@ -1 +1 @@\n-a\n+b\n");
    private static readonly JournalChange Reload = new("reload nginx.service (after file /etc/nginx/sites-available/microblog)", "systemd-service", "service nginx.service", null);
    private static readonly JournalChange Unit = new("update file /etc/systemd/system/node_exporter.service (0644 root:root)", "managed-file", "file /etc/systemd/system/node_exporter.service", "--- a\n+++ b\n@@ -1 +1 @@\n-x\n+y\n");

    private readonly string _directory = Directory.CreateTempSubdirectory("workload-saved-plan-order-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Every_task_is_checked_before_the_first_applies_and_every_difference_is_named()
    {
        using var test = Saved(("First", [Site, Reload]), ("Second", [Unit]));
        var first = new First([Site, Reload]);
        var second = new Second([Unit with { Diff = "--- a\n+++ b\n@@ -1 +1 @@\n-z\n+y\n" }]);

        var refused = Assert.Throws<StalePlanException>(() => SavedPlan.VerifyBeforeAnyTask(test.Context, [second, first], ["First", "Second"]));

        Assert.Equal(1, first.Checks);
        Assert.Equal(1, second.Checks);
        Assert.Contains("nothing was applied", refused.Message, StringComparison.Ordinal);
        Assert.Contains("\n  jenkins Second: different: file /etc/systemd/system/node_exporter.service (managed-file)", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("First", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plan_that_still_holds_passes_and_each_task_passes_again_before_it_applies()
    {
        using var test = Saved(("First", [Site, Reload]), ("Second", [Unit]));
        var first = new First([Site, Reload]);
        var second = new Second([Unit]);

        SavedPlan.VerifyBeforeAnyTask(test.Context, [first, second], ["First", "Second"]);
        SavedPlan.Verify(test.Context, "First", first.Summaries);

        Assert.Contains(test.Log.Lines, l => l.Text.Contains("matches what is there now: 3 changes to apply, exactly those", StringComparison.Ordinal));
    }

    [Fact]
    public void After_earlier_changes_a_task_may_need_fewer_of_its_saved_changes_but_never_another()
    {
        using var test = Saved(("First", [Site]), ("Second", [Site, Reload]));
        test.Context.Journal.Record("First", TaskOutcome.Changed, [Site.Summary]);

        new Second([Reload]).Describe(test.Context);
        SavedPlan.Verify(test.Context, "Second", [Reload.Summary]);

        new Second([Reload, Unit]).Describe(test.Context);
        var refused = Assert.Throws<StalePlanException>(() => SavedPlan.Verify(test.Context, "Second", [Reload.Summary, Unit.Summary]));
        Assert.Contains("jenkins Second: added: file /etc/systemd/system/node_exporter.service", refused.Message, StringComparison.Ordinal);
        Assert.Contains("nothing was applied by Second or after it (the tasks before it applied their planned changes)", refused.Message, StringComparison.Ordinal);
    }

    /// <summary>A context of a run with applyPlan set to a plan of these tasks on the jenkins host, loaded as the preflight loads it.</summary>
    private TestContext Saved(params (string Task, JournalChange[] Changes)[] tasks)
    {
        var path = Path.Combine(_directory, "plan.json");
        File.WriteAllText(path, "{}");
        var test = TestContext.Create(_directory, new Dictionary<string, string> { ["applyPlan"] = path });
        var document = new JsonObject
        {
            ["format"] = JsonRunReport.Format,
            ["kind"] = "plan",
            ["targets"] = new JsonArray(),
            ["exclusive"] = false,
            ["configurationDigest"] = SavedPlan.ConfigurationDigest(test.Context.Settings),
            ["succeeded"] = true,
            ["tasks"] = new JsonArray(tasks.Select(t => (JsonNode)new JsonObject
            {
                ["task"] = t.Task,
                ["host"] = "jenkins",
                ["changes"] = new JsonArray(t.Changes.Select(c => PlannedChange.From(c, test.Context.Masker)).Select(c => (JsonNode)new JsonObject
                {
                    ["summary"] = c.Summary,
                    ["kind"] = c.Kind,
                    ["target"] = c.Target,
                    ["diffDigest"] = c.DiffDigest,
                }).ToArray()),
            }).ToArray()),
        };
        File.WriteAllText(path, document.ToJsonString());
        Assert.Empty(SavedPlan.Problems(test.Context));
        return test;
    }

    /// <summary>A task whose check finds the given changes on the jenkins host, and counts its checks.</summary>
    private abstract class PlannedTask(IReadOnlyList<JournalChange> changes) : FrostingTask<WorkloadContext>, IPlansChanges
    {
        public int Checks { get; private set; }

        public IReadOnlyList<string> Summaries => changes.Select(c => c.Summary).ToList();

        public void Describe(WorkloadContext context) => JsonRunReport.Describe(context, TaskMetadata.NameOf(GetType()), "jenkins", changes);

        public Task<IReadOnlyList<string>> PlanChangesAsync(WorkloadContext context)
        {
            Checks++;
            Describe(context);
            return Task.FromResult(Summaries);
        }
    }

    [TaskName("First")]
    private sealed class First(IReadOnlyList<JournalChange> changes) : PlannedTask(changes);

    [TaskName("Second")]
    private sealed class Second(IReadOnlyList<JournalChange> changes) : PlannedTask(changes);
}
