using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Context;
using Workload.Frosting;
using Workload.Preflight;
using Workload.Secrets;

namespace Workload.Observability;

/// <summary>A task whose changes can be planned without applying them, so a saved plan is checked before any task runs.</summary>
public interface IPlansChanges
{
    /// <summary>Checks what is there and returns the changes in words (its details go to the run's journal); changes nothing.</summary>
    Task<IReadOnlyList<string>> PlanChangesAsync(WorkloadContext context);
}

/// <summary>One change as a saved plan holds it and as a fresh check computes it: masked words and a digest of the masked diff.</summary>
public sealed record PlannedChange(string Summary, string Kind, string Target, string? DiffDigest)
{
    public static PlannedChange From(JournalChange change, SecretMasker masker) =>
        new(masker.Apply(change.Summary), change.Kind, masker.Apply(change.Target), Digest(change.Diff is null ? null : masker.Apply(change.Diff)));

    /// <summary>"sha256:" and the hex digest of the (masked) diff, or null for a change without one.</summary>
    public static string? Digest(string? maskedDiff) =>
        maskedDiff is null ? null : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(maskedDiff)));

    public override string ToString() => $"{Target} ({Kind}): \"{Summary}\"" + (DiffDigest is null ? string.Empty : $" (diff {DiffDigest[..15]}…)");
}

/// <summary>A saved plan does not match what the hosts need now: nothing of it is applied.</summary>
/// <param name="message">The whole refusal.</param>
/// <param name="mismatches">Each difference, one line each ("jenkins NodeExporter: different: ...").</param>
/// <param name="beforeAnyTask">Found by the check of every task at the run's start, before any task ran.</param>
public sealed class StalePlanException(string message, IReadOnlyList<string> mismatches, bool beforeAnyTask) : Exception(message)
{
    public IReadOnlyList<string> Mismatches { get; } = mismatches;

    public bool BeforeAnyTask { get; } = beforeAnyTask;
}

/// <summary>
/// Saved plans, applied exactly (setting applyPlan), as Terraform applies a saved plan: the JSON plan a --plan run
/// wrote (reportFile) is applied only when it was made for this run (format, targets, the digest of the non-secret
/// settings) and when every task's freshly computed plan equals the saved one, change by change (kind, target, words,
/// digest of the masked diff). Every task is checked before the first one runs, so a drifted host refuses the whole
/// plan before anything is applied; each task checks again right before it applies (the check-first path calls
/// <see cref="Verify"/>), so nothing that was not reviewed is ever applied.
/// </summary>
public sealed class SavedPlan
{
    /// <summary>Settings that say how the tool runs, not what it makes: left out of the configuration digest.</summary>
    private static readonly HashSet<string> RunControlSettings = new(StringComparer.Ordinal) { "plan", "reportFile", "applyPlan" };

    private static readonly ConditionalWeakTable<WorkloadContext, SavedPlan> Loaded = [];

    private SavedPlan(string path, JsonObject document)
    {
        Path = path;
        Document = document;
    }

    public string Path { get; }

    private JsonObject Document { get; }

    /// <summary>The digest of the effective settings, secrets and the run-control settings (plan, reportFile, applyPlan) left out.</summary>
    public static string ConfigurationDigest(WorkloadSettings settings)
    {
        var text = new StringBuilder();
        foreach (var setting in SettingDefinition.All.Where(s => !s.IsSecret && !RunControlSettings.Contains(s.Key)))
        {
            text.Append(setting.Key).Append('=').Append(JsonSerializer.Serialize(setting.Property.GetValue(settings))).Append('\n');
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// What is wrong with the saved plan for this run, found on this machine alone (the preflight asks it):
    /// another format, a report instead of a plan, a failed plan run, other targets, another configuration, tasks whose
    /// host did not exist yet. Loads the plan for the run when nothing is wrong.
    /// </summary>
    public static IReadOnlyList<string> Problems(WorkloadContext context)
    {
        if (context.Settings.ApplyPlan is not { } path)
        {
            return [];
        }

        if (context.Settings.Plan)
        {
            return ["applyPlan: a saved plan is applied, and plan only plans: give one of them (to see what a saved plan would do, read it, or make a new one)"];
        }

        JsonObject document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            return [$"applyPlan: {path} is not a saved plan ({exception.Message}); make one with --plan --reportFile={path}"];
        }

        var problems = new List<string>();
        var format = Text(document, "format");
        if (format != JsonRunReport.Format)
        {
            return [$"applyPlan: {path} is of format '{format ?? "(none)"}', and this tool applies plans of format {JsonRunReport.Format}: make a new plan with this tool"];
        }

        if (Text(document, "kind") != "plan")
        {
            problems.Add($"applyPlan: {path} is the report of a run that changed things, not a plan: make a plan with --plan --reportFile={path}");
        }

        if (document["succeeded"]?.GetValueKind() != JsonValueKind.True)
        {
            problems.Add($"applyPlan: the run that made {path} failed ({Text(document, "error") ?? "no error recorded"}), so its plan is incomplete: make a new plan");
        }

        var savedTargets = Strings(document["targets"]);
        var targets = context.RunMode.Targets ?? [];
        var savedExclusive = document["exclusive"]?.GetValueKind() == JsonValueKind.True;
        if (!savedTargets.Order(StringComparer.OrdinalIgnoreCase).SequenceEqual(targets.Order(StringComparer.OrdinalIgnoreCase), StringComparer.OrdinalIgnoreCase)
            || savedExclusive != context.RunMode.Exclusive)
        {
            problems.Add($"applyPlan: {path} was made for {Describe(savedTargets, savedExclusive)}, and this run is {Describe(targets, context.RunMode.Exclusive)}: apply it with the same targets, or make a new plan for these");
        }

        if (Text(document, "configurationDigest") != ConfigurationDigest(context.Settings))
        {
            problems.Add($"applyPlan: {path} was made with another configuration (its digest of the settings, secrets, plan, reportFile and applyPlan left out, differs from this run's): apply it with the configuration it was made with, or make a new plan with this one");
        }

        foreach (var task in Tasks(document).Where(t => t.Changes.Any(c => c.Kind == "missing-host")))
        {
            problems.Add($"applyPlan: {path} was made before the {task.Host} host existed, so {task.Task} could not be checked and its changes are unknown: provision the host first (--target=Provision...), then make a new plan");
        }

        if (problems.Count == 0)
        {
            Loaded.AddOrUpdate(context, new SavedPlan(path, document));
        }

        return problems;
    }

    /// <summary>
    /// Before the first task: checks every task of the run against the hosts as they are now, as --plan would, and
    /// refuses the whole saved plan when any task's fresh plan differs from the saved one, so nothing is applied.
    /// </summary>
    /// <param name="context">The run.</param>
    /// <param name="tasks">The run's tasks.</param>
    /// <param name="order">The engine's order of the tasks to execute (a task it does not list comes last).</param>
    public static void VerifyBeforeAnyTask(WorkloadContext context, IReadOnlyList<IFrostingTask> tasks, IReadOnlyList<string> order)
    {
        if (!Loaded.TryGetValue(context, out var plan))
        {
            return;
        }

        var position = order.Select((name, index) => (name, index)).DistinctBy(p => p.name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(p => p.name, p => p.index, StringComparer.OrdinalIgnoreCase);
        var tasksInOrder = tasks.OrderBy(t => position.GetValueOrDefault(TaskMetadata.NameOf(t.GetType()), int.MaxValue));

        context.Log.Information("Checking every task against the saved plan {0} before any change ...", plan.Path);
        var saved = Tasks(plan.Document).ToDictionary(t => t.Task, StringComparer.Ordinal);
        var mismatches = new List<string>();
        var count = 0;
        foreach (var task in tasksInOrder.OfType<IPlansChanges>())
        {
            var name = TaskMetadata.NameOf(task.GetType());
            var summaries = task.PlanChangesAsync(context).GetAwaiter().GetResult();
            var fresh = Fresh(context, name, summaries);
            count += fresh.Count;
            mismatches.AddRange(Mismatches(context, saved, name, fresh, allowMissing: false));
        }

        if (mismatches.Count > 0)
        {
            throw new StalePlanException(Refusal(plan.Path, mismatches, "nothing was applied"), mismatches, beforeAnyTask: true);
        }

        context.Log.Information("The saved plan {0} matches what is there now: {1} change{2} to apply, exactly those", plan.Path, count, count == 1 ? string.Empty : "s");
    }

    /// <summary>
    /// Right after a task's check computed its plan, before it applies: the fresh plan must be the saved one. After
    /// earlier tasks of this run applied their (reviewed) changes, a change of the saved plan that is no longer needed
    /// is accepted; a change the saved plan does not hold never is.
    /// </summary>
    public static void Verify(WorkloadContext context, string task, IReadOnlyList<string> changes)
    {
        if (!Loaded.TryGetValue(context, out var plan))
        {
            return;
        }

        var applied = context.Journal.Entries.Any(e => e.Outcome == TaskOutcome.Changed);
        var saved = Tasks(plan.Document).ToDictionary(t => t.Task, StringComparer.Ordinal);
        var mismatches = Mismatches(context, saved, task, Fresh(context, task, changes), allowMissing: applied).ToList();
        if (mismatches.Count > 0)
        {
            throw new StalePlanException(Refusal(
                plan.Path,
                mismatches,
                applied ? $"nothing was applied by {task} or after it (the tasks before it applied their planned changes)" : "nothing was applied"),
                mismatches,
                beforeAnyTask: false);
        }
    }

    /// <summary>
    /// How the saved changes and the fresh ones differ, one line each: "different" for a resource whose change is not
    /// the saved one, "missing" for a saved change not needed now, "added" for a change the saved plan does not hold.
    /// </summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<PlannedChange> saved, IReadOnlyList<PlannedChange> fresh, bool allowMissing = false)
    {
        var unmatchedSaved = saved.ToList();
        var unmatchedFresh = new List<PlannedChange>();
        foreach (var change in fresh)
        {
            if (!unmatchedSaved.Remove(change))
            {
                unmatchedFresh.Add(change);
            }
        }

        var lines = new List<string>();
        foreach (var change in unmatchedFresh)
        {
            var before = unmatchedSaved.FirstOrDefault(s => s.Kind == change.Kind && s.Target == change.Target);
            if (before is null)
            {
                lines.Add($"added: {change} (not in the saved plan)");
                continue;
            }

            unmatchedSaved.Remove(before);
            lines.Add(before.Summary == change.Summary
                ? $"different: {change.Target} ({change.Kind}): \"{change.Summary}\" has another diff than the saved plan's ({Short(before.DiffDigest)} saved, {Short(change.DiffDigest)} now)"
                : $"different: {change.Target} ({change.Kind}): the saved plan has \"{before.Summary}\", the host now needs \"{change.Summary}\"");
        }

        if (!allowMissing)
        {
            lines.AddRange(unmatchedSaved.Select(change => $"missing: {change} (in the saved plan, not needed now)"));
        }

        return lines;
    }

    private static IEnumerable<string> Mismatches(WorkloadContext context, Dictionary<string, SavedTask> saved, string task, IReadOnlyList<PlannedChange> fresh, bool allowMissing)
    {
        var host = context.Journal.Details.TryGetValue(task, out var details) && details.Host is { } name ? name : "here";
        if (!saved.TryGetValue(task, out var before))
        {
            return [$"{host} {task}: not in the saved plan (it was made for other tasks)"];
        }

        return Differences(before.Changes, fresh, allowMissing).Select(line => $"{before.Host ?? host} {task}: {line}");
    }

    private static string Refusal(string path, IEnumerable<string> mismatches, string applied) =>
        $"applyPlan: the saved plan {path} is stale: what the hosts need now differs from what was reviewed; {applied}. Make a new plan (--plan --reportFile=FILE), review it and apply that.\n  "
        + string.Join("\n  ", mismatches);

    /// <summary>A task's fresh changes as the JSON plan writes them (the same words, kinds, targets and digests).</summary>
    private static List<PlannedChange> Fresh(WorkloadContext context, string task, IReadOnlyList<string> summaries) =>
        JsonRunReport.ChangesOf(context, task, TaskOutcome.Pending, summaries).Select(c => PlannedChange.From(c, context.Masker)).ToList();

    private sealed record SavedTask(string Task, string? Host, IReadOnlyList<PlannedChange> Changes);

    private static IEnumerable<SavedTask> Tasks(JsonObject document) =>
        (document["tasks"] as JsonArray ?? []).OfType<JsonObject>().Select(task => new SavedTask(
            Text(task, "task") ?? string.Empty,
            Text(task, "host"),
            (task["changes"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(c => new PlannedChange(Text(c, "summary") ?? string.Empty, Text(c, "kind") ?? string.Empty, Text(c, "target") ?? string.Empty, Text(c, "diffDigest")))
                .ToList()));

    private static string? Text(JsonObject node, string key) =>
        node[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : string.Empty).ToList();

    private static string Describe(IReadOnlyList<string> targets, bool exclusive) =>
        (targets.Count == 0 ? "the default target" : "--target=" + string.Join(" --target=", targets)) + (exclusive ? " --exclusive" : string.Empty);

    private static string Short(string? digest) => digest is null ? "no diff" : digest[..Math.Min(15, digest.Length)] + "…";
}

/// <summary>The saved plan (applyPlan) checked on this machine before anything is contacted: see <see cref="SavedPlan.Problems"/>.</summary>
public sealed class SavedPlanCheck : IPreflightCheck
{
    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken) =>
        Task.FromResult(SavedPlan.Problems(context));
}
