using System.Text.Encodings.Web;
using Cake.Core.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workload.Context;
using Workload.Resources;

namespace Workload.Observability;

/// <summary>
/// The plan (with --plan) or the run's report as JSON, for CI jobs and reviewers (setting reportFile): per task,
/// its host, outcome and changes with kind, target and diff, secrets masked. The format is versioned
/// (<see cref="Format"/>) and described by workload-run.schema.json in the repository.
/// </summary>
public static class JsonRunReport
{
    /// <summary>The format's name and version; a change that breaks readers gets a new version.</summary>
    public const string Format = "microblog-workload-run/1";

    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Records a host task's host and the changes of its plan (none when in sync) for the report.</summary>
    public static void Describe(WorkloadContext context, string task, HostPlan plan) =>
        Describe(context, task, plan.Host, plan.Items
            .SelectMany(item => item.Changes.Select(change => new JournalChange(change.Summary, KindOf(item.Resource), item.Resource.Description, change.Diff)))
            .ToList());

    /// <summary>Records a task's host (null: this machine) and its planned changes in detail for the report and saved plans.</summary>
    public static void Describe(WorkloadContext context, string task, string? host, IReadOnlyList<JournalChange> changes) =>
        context.Journal.Details[task] = (host, changes);

    /// <summary>
    /// A task's changes as the JSON document holds them: the detailed ones it described, otherwise its changes in words
    /// (kind "check-result" for what a local check found, "change" for another task's change).
    /// </summary>
    public static IReadOnlyList<JournalChange> ChangesOf(WorkloadContext context, string task, TaskOutcome outcome, IReadOnlyList<string> summaries) =>
        context.Journal.Details.TryGetValue(task, out var details) && details.Changes.Count > 0
            ? details.Changes
            : summaries.Select(s => new JournalChange(s, outcome == TaskOutcome.Ran ? "check-result" : "change", task, null)).ToList();

    /// <summary>Writes the report when reportFile is set; <paramref name="failure"/> is what stopped the run, or null.</summary>
    public static void WriteIfAsked(WorkloadContext context, Exception? failure)
    {
        if (context.Settings.ReportFile is not { } path)
        {
            return;
        }

        var json = Json(context, failure);
        if (OperatingSystem.IsLinux())
        {
            Common.AtomicFile.WriteAllText(path, json);
        }
        else
        {
            File.WriteAllText(path, json);
        }

        context.Log.Information("{0} written to {1} ({2})", context.Settings.Plan ? "JSON plan" : "JSON report", path, Format);
    }

    /// <summary>The document, masked: every string passes through the run's secret masker.</summary>
    public static string Json(WorkloadContext context, Exception? failure)
    {
        var masker = context.Masker;
        var tasks = new JsonArray();
        foreach (var (task, outcome, summaries) in context.Journal.Entries)
        {
            var host = context.Journal.Details.TryGetValue(task, out var found) ? found.Host : null;
            tasks.Add(new JsonObject
            {
                ["task"] = task,
                ["host"] = host,
                ["outcome"] = OutcomeName(outcome),
                ["changes"] = new JsonArray(ChangesOf(context, task, outcome, summaries).Select(c =>
                {
                    var planned = PlannedChange.From(c, masker);
                    return (JsonNode)new JsonObject
                    {
                        ["summary"] = planned.Summary,
                        ["kind"] = planned.Kind,
                        ["target"] = planned.Target,
                        ["diff"] = c.Diff is null ? null : masker.Apply(c.Diff),
                        ["diffDigest"] = planned.DiffDigest,
                    };
                }).ToArray()),
            });
        }

        var document = new JsonObject
        {
            ["format"] = Format,
            ["kind"] = context.Settings.Plan ? "plan" : "report",
            ["project"] = context.Settings.Project,
            ["provider"] = context.Settings.Provider,
            ["targets"] = new JsonArray((context.RunMode.Targets ?? []).Select(t => (JsonNode)JsonValue.Create(t)).ToArray()),
            ["exclusive"] = context.RunMode.Exclusive,
            ["configurationDigest"] = SavedPlan.ConfigurationDigest(context.Settings),
            ["writtenAt"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["succeeded"] = failure is null,
            ["error"] = failure is null ? null : masker.Apply(failure.Message),
            ["changesPending"] = context.Journal.HasPendingChanges,
            ["tasks"] = tasks,
        };
        return document.ToJsonString(Written).ReplaceLineEndings("\n") + "\n";
    }

    private static string OutcomeName(TaskOutcome outcome) => outcome switch
    {
        TaskOutcome.InSync => "in-sync",
        TaskOutcome.Changed => "changed",
        TaskOutcome.Pending => "pending",
        _ => "ran",
    };

    /// <summary>ManagedFile is "managed-file": the resource's class, as a reader filters on it.</summary>
    private static string KindOf(Resource resource)
    {
        var name = resource.GetType().Name;
        var kind = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                kind.Append('-');
            }

            kind.Append(char.ToLowerInvariant(name[i]));
        }

        return kind.ToString();
    }
}
