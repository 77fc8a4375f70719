using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Frosting;
using Workload.Preflight;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(OwaspScan))]
[TaskDescription("Scans --app with OWASP Dependency-Check in a container (NVD data kept in a volume); fails at cvssThreshold. Reports in artifacts/.")]
public sealed class OwaspScan : FrostingTask<WorkloadContext>, IHasRequirements
{
    public override string SkippedMessage => "dependencyCheck=false";

    public IEnumerable<string> UnmetRequirements(WorkloadContext context) =>
        context.Settings.DependencyCheck ? ValidationRequirements.AppCheckout(context, nameof(OwaspScan)) : [];

    public override bool ShouldRun(WorkloadContext context) => context.Settings.DependencyCheck;

    public override void Run(WorkloadContext context)
    {
        var scan = new DependencyCheckScan(context);
        var exitCode = scan.Run();
        var report = DependencyCheckReport.Load(scan.JsonReport);
        var threshold = context.Settings.CvssThreshold;
        var verdict = VulnerabilityGate.Judge(report, threshold);

        context.Log.Information("Dependency-Check {0}: {1}; reports in {2}", report.EngineVersion ?? "?", verdict.Summary, scan.ReportDirectory);
        if (report.Vulnerabilities.Count > 0)
        {
            context.Log.Information("{0}", VulnerabilityTable.Text(report.Vulnerabilities));
        }

        StepSummary.Append(context, context.Masker, $"### OWASP Dependency-Check: {(verdict.Failure is null && exitCode == 0 ? "passed" : "FAILED")}\n\n"
            + $"{verdict.Summary}\n\n" + (report.Vulnerabilities.Count > 0 ? VulnerabilityTable.Markdown(report.Vulnerabilities) : string.Empty));
        context.Journal.Record(nameof(OwaspScan), TaskOutcome.Ran, [verdict.Summary]);
        if (exitCode != 0)
        {
            throw new CakeException($"Dependency-Check exited with code {exitCode}: see its output above.");
        }

        if (verdict.Failure is not null)
        {
            throw new CakeException(verdict.Failure);
        }
    }
}
