using Cake.Common.Build;
using Cake.Common.Build.GitHubActions.Data;
using Cake.Core;
using Workload.Context;
using Workload.Frosting;
using Workload.Validation;

namespace Workload.Observability;

/// <summary>
/// In GitHub Actions (Cake.Common's GitHub Actions commands): each task's log in a collapsible group, a failed task
/// as an error annotation on the run, and at the end the plan or the changes made, with diffs in collapsible
/// sections, in the job summary. Secrets are masked as in the log. Outside GitHub Actions it does nothing.
/// </summary>
public sealed partial class GitHubActionsLog : FrostingTaskLifetime<WorkloadContext>
{
    public override void Setup(WorkloadContext context, ITaskSetupContext info)
    {
        if (OnGitHubActions(context))
        {
            context.GitHubActions().Commands.StartGroup(info.Task.Name);
        }
    }

    public override void Teardown(WorkloadContext context, ITaskTeardownContext info)
    {
        if (!OnGitHubActions(context))
        {
            return;
        }

        context.GitHubActions().Commands.EndGroup();
        if (!info.Successful && info.ThrownException is { } failure)
        {
            context.GitHubActions().Commands.Error(
                context.Masker.Apply(failure.Message),
                new GitHubActionsAnnotation { Title = $"{info.Task.Name} failed" });
        }
    }

    /// <summary>
    /// A run stopped before its first task: one error annotation per problem of the preflight, on the configuration
    /// file's line when the problem names one ("(in workload.json, line 3)"), or per difference of a saved plan that
    /// its check at the run's start refused. A task's failure is annotated by the task's own teardown.
    /// </summary>
    public static void AnnotatePreflight(WorkloadContext context, Exception? failure)
    {
        if (failure is null || !OnGitHubActions(context))
        {
            return;
        }

        var (title, problems) = ErrorReporter.Unwrap(failure) switch
        {
            Preflight.PreflightException preflight => ("Preflight", preflight.Problems),
            StalePlanException { BeforeAnyTask: true } stale => ("Saved plan refused", stale.Mismatches),
            _ => (string.Empty, []),
        };
        foreach (var problem in problems)
        {
            var annotation = new GitHubActionsAnnotation { Title = title };
            if (ConfigurationLine().Match(problem) is { Success: true } where)
            {
                annotation.File = WorkspacePath(where.Groups["file"].Value);
                annotation.StartLine = int.Parse(where.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            context.GitHubActions().Commands.Error(context.Masker.Apply(problem), annotation);
        }
    }

    /// <summary>
    /// Cake's own test (<c>GitHubActionsProvider.IsRunningOnGitHubActions</c>: GITHUB_ACTIONS is "true", any case),
    /// made without Cake's <c>GitHubActions()</c> alias: the alias builds every CI provider Cake knows (TeamCity,
    /// AppVeyor, ...), loading their code, on each call; a run outside GitHub Actions asked it twice per task.
    /// </summary>
    private static bool OnGitHubActions(WorkloadContext context) =>
        context.Environment.GetEnvironmentVariable("GITHUB_ACTIONS")?.Equals("true", StringComparison.OrdinalIgnoreCase) ?? false;

    /// <summary>A path GitHub can place in the repository: relative to GITHUB_WORKSPACE when inside it.</summary>
    private static string WorkspacePath(string path)
    {
        var workspace = Environment.GetEnvironmentVariable("GITHUB_WORKSPACE");
        var full = Path.GetFullPath(path);
        return workspace is { Length: > 0 } && full.StartsWith(Path.GetFullPath(workspace) + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? Path.GetRelativePath(workspace, full)
            : path;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\(in (?<file>[^,()]+), line (?<line>[0-9]+)\)")]
    private static partial System.Text.RegularExpressions.Regex ConfigurationLine();

    /// <summary>The plan (--plan) or the changes made, per task and host, with diffs, appended to the job summary.</summary>
    public static void AppendSummary(WorkloadContext context)
    {
        var entries = context.Journal.Entries.Where(e => e.Outcome is TaskOutcome.Pending or TaskOutcome.Changed).ToList();
        if (entries.Count == 0)
        {
            return;
        }

        var plan = context.Settings.Plan;
        var total = entries.Sum(e => e.Changes.Count);
        var markdown = new System.Text.StringBuilder()
            .Append(plan ? $"### Plan: {total} change{(total == 1 ? string.Empty : "s")} pending\n\n" : $"### Changes made: {total}\n\n");
        foreach (var (task, outcome, summaries) in entries)
        {
            var details = context.Journal.Details.GetValueOrDefault(task);
            var changes = JsonRunReport.ChangesOf(context, task, outcome, summaries);
            var where = details.Host is null ? task : $"{task} on {details.Host}";
            markdown.Append($"<details><summary>{Html(where)}: {changes.Count} change{(changes.Count == 1 ? string.Empty : "s")}</summary>\n\n");
            foreach (var change in changes)
            {
                markdown.Append("- ").Append(Html(change.Summary)).Append('\n');
                if (change.Diff is { Length: > 0 } diff)
                {
                    // A fence longer than any backtick run in the diff, so that no file content can end it.
                    var fence = new string('`', Math.Max(3, LongestBacktickRun(diff) + 1));
                    markdown.Append('\n').Append(fence).Append("diff\n").Append(diff.TrimEnd('\n')).Append('\n').Append(fence).Append("\n\n");
                }
            }

            markdown.Append("\n</details>\n\n");
        }

        StepSummary.Append(context, context.Masker, markdown.ToString());
    }

    private static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    private static int LongestBacktickRun(string text)
    {
        int longest = 0, run = 0;
        foreach (var c in text)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }
}
