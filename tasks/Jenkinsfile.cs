using Cake.Core.Diagnostics;
using Workload.Common;
using Workload.Context;
using Workload.Diffs;
using Workload.Frosting;
using Workload.Observability;
using Workload.Preflight;
using Workload.TaskBases;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(Jenkinsfile))]
[TaskDescription("Writes the workload's Jenkinsfile (Build, Test, OWASP, Deploy) into the app repository --app, showing the diff first; --plan only shows it.")]
public sealed class Jenkinsfile : CheckFirstTask<JenkinsfilePlan>, IHasRequirements
{
    public IEnumerable<string> UnmetRequirements(WorkloadContext context) =>
        ValidationRequirements.AppCheckout(context, nameof(Jenkinsfile));

    /// <summary>The file as it is and as it should be; its change (a local file with its diff) goes to the journal's details.</summary>
    protected override Task<JenkinsfilePlan> CheckAsync(WorkloadContext context)
    {
        var path = Path.Combine(context.Settings.App!, context.Settings.JenkinsfilePath);
        var wanted = context.Templates.Render(JenkinsfileModel.Template, JenkinsfileModel.From(context.Settings));
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        var diff = UnifiedDiff.Create(current, wanted, "/" + context.Settings.JenkinsfilePath);
        var plan = new JenkinsfilePlan(path, wanted, current is not null, diff);
        JsonRunReport.Describe(context, nameof(Jenkinsfile), null, Changes(plan).Select(c => new JournalChange(c, "local-file", $"file {path}", diff)).ToList());
        return Task.FromResult(plan);
    }

    protected override IReadOnlyList<string> Changes(JenkinsfilePlan plan) =>
        plan.Diff.Length == 0 ? [] : [plan.Exists ? $"update {plan.Path}" : $"create {plan.Path}"];

    protected override void OnInSync(WorkloadContext context, JenkinsfilePlan plan) =>
        context.Log.Information("{0} is in sync", plan.Path);

    protected override void Print(WorkloadContext context, JenkinsfilePlan plan)
    {
        context.Log.Information("{0}", context.Masker.Apply(plan.Diff));
        if (context.Settings.Plan)
        {
            context.Log.Information("Plan: would {0}", Changes(plan).Single());
        }
    }

    protected override Task ApplyAsync(WorkloadContext context, JenkinsfilePlan plan)
    {
        // A Jenkinsfile that exists keeps its mode (an executable bit a repository gave it stays).
        var mode = plan.Exists && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(plan.Path) : (UnixFileMode?)null;
        AtomicFile.WriteAllText(plan.Path, plan.Wanted, mode);
        context.Log.Information("Wrote {0}", plan.Path);
        return Task.CompletedTask;
    }
}

/// <summary>What the Jenkinsfile task found: the file's path, what it should hold, whether it exists, and the diff (empty when in sync).</summary>
public sealed record JenkinsfilePlan(string Path, string Wanted, bool Exists, string Diff);
