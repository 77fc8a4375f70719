using Cake.Core.Diagnostics;
using Workload.Diffs;
using Workload.Common;
using Workload.Frosting;
using Workload.Observability;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(Jenkinsfile))]
[TaskDescription("Writes the workload's Jenkinsfile (Build, Test, OWASP, Deploy) into the app repository --app, showing the diff first; --plan only shows it.")]
public sealed class Jenkinsfile : FrostingTask<WorkloadContext>, IHasRequirements, IPlansChanges
{
    public IEnumerable<string> UnmetRequirements(WorkloadContext context) =>
        ValidationRequirements.AppCheckout(context, nameof(Jenkinsfile));

    public Task<IReadOnlyList<string>> PlanChangesAsync(WorkloadContext context) => Task.FromResult(Check(context).Changes);

    public override void Run(WorkloadContext context)
    {
        var check = Check(context);
        SavedPlan.Verify(context, nameof(Jenkinsfile), check.Changes);
        if (check.Diff.Length == 0)
        {
            context.Log.Information("{0} is in sync", check.Path);
            context.Journal.Record(nameof(Jenkinsfile), TaskOutcome.InSync);
            return;
        }

        context.Log.Information("{0}", context.Masker.Apply(check.Diff));
        if (context.Settings.Plan)
        {
            context.Log.Information("Plan: would {0}", check.Changes[0]);
            context.Journal.Record(nameof(Jenkinsfile), TaskOutcome.Pending, check.Changes);
            return;
        }

        // A Jenkinsfile that exists keeps its mode (an executable bit a repository gave it stays).
        var mode = check.Current is not null && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(check.Path) : (UnixFileMode?)null;
        AtomicFile.WriteAllText(check.Path, check.Wanted, mode);
        context.Log.Information("Wrote {0}", check.Path);
        context.Journal.Record(nameof(Jenkinsfile), TaskOutcome.Changed, check.Changes);
    }

    /// <summary>The file as it is and as it should be; its change (a local file with its diff) goes to the journal's details.</summary>
    private static (string Path, string Wanted, string? Current, string Diff, IReadOnlyList<string> Changes) Check(WorkloadContext context)
    {
        var path = Path.Combine(context.Settings.App!, context.Settings.JenkinsfilePath);
        var wanted = context.Templates.Render(JenkinsfileModel.Template, JenkinsfileModel.From(context.Settings));
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        var diff = UnifiedDiff.Create(current, wanted, "/" + context.Settings.JenkinsfilePath);
        IReadOnlyList<string> changes = diff.Length == 0 ? [] : [current is null ? $"create {path}" : $"update {path}"];
        JsonRunReport.Describe(context, nameof(Jenkinsfile), null, changes.Select(c => new JournalChange(c, "local-file", $"file {path}", diff)).ToList());
        return (path, wanted, current, diff, changes);
    }
}
