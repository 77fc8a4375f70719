using Cake.Core.Diagnostics;
using Workload.Diffs;
using Workload.Common;
using Workload.Frosting;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(Jenkinsfile))]
[TaskDescription("Writes the workload's Jenkinsfile (Build, Test, OWASP, Deploy) into the app repository --app, showing the diff first; --plan only shows it.")]
public sealed class Jenkinsfile : FrostingTask<WorkloadContext>, IHasRequirements
{
    public IEnumerable<string> UnmetRequirements(WorkloadContext context) =>
        ValidationRequirements.AppCheckout(context, nameof(Jenkinsfile));

    public override void Run(WorkloadContext context)
    {
        var path = Path.Combine(context.Settings.App!, context.Settings.JenkinsfilePath);
        var wanted = context.Templates.Render(JenkinsfileModel.Template, JenkinsfileModel.From(context.Settings));
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        var diff = UnifiedDiff.Create(current, wanted, "/" + context.Settings.JenkinsfilePath);
        if (diff.Length == 0)
        {
            context.Log.Information("{0} is in sync", path);
            context.Journal.Record(nameof(Jenkinsfile), TaskOutcome.InSync);
            return;
        }

        context.Log.Information("{0}", context.Masker.Apply(diff));
        var change = current is null ? $"create {path}" : $"update {path}";
        if (context.Settings.Plan)
        {
            context.Log.Information("Plan: would {0}", change);
            context.Journal.Record(nameof(Jenkinsfile), TaskOutcome.Pending, [change]);
            return;
        }

        // A Jenkinsfile that exists keeps its mode (an executable bit a repository gave it stays).
        var mode = current is not null && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(path) : (UnixFileMode?)null;
        AtomicFile.WriteAllText(path, wanted, mode);
        context.Log.Information("Wrote {0}", path);
        context.Journal.Record(nameof(Jenkinsfile), TaskOutcome.Changed, [change]);
    }
}
