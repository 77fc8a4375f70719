using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Frosting;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(Validate))]
[TaskDescription("Checks the app locally as its Jenkins pipeline would: unit tests and OWASP dependency scan in containers, and our templates.")]
[IsDependentOn(typeof(UnitTests))]
[IsDependentOn(typeof(OwaspScan))]
[IsDependentOn(typeof(TemplateChecks))]
public sealed class Validate : FrostingTask<WorkloadContext>
{
    public override void Run(WorkloadContext context)
    {
        var ran = context.Journal.Entries.Where(e => e.Outcome == TaskOutcome.Ran).ToList();
        foreach (var (task, _, lines) in ran)
        {
            context.Log.Information("{0}: {1}", task, string.Join("; ", lines));
        }

        // A check that was left out must not read as passed.
        var skipped = context.Settings.DependencyCheck ? string.Empty : " OwaspScan was left out (dependencyCheck=false).";
        var verdict = $"Validate passed: {string.Join(", ", ran.Select(e => e.Task))}.{skipped}";
        context.Log.Information("{0} Reports in {1}", verdict, context.ArtifactsDirectory);
        StepSummary.Append(context, context.Masker, $"**{verdict}**");
    }
}
