using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Frosting;
using Workload.Preflight;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(UnitTests))]
[TaskDescription("Runs the app's unit tests (pytest) in a throwaway container on a copy of --app, as the Jenkins Test stage; JUnit report in artifacts/.")]
public sealed class UnitTests : FrostingTask<WorkloadContext>, IHasRequirements
{
    public IEnumerable<string> UnmetRequirements(WorkloadContext context) => ValidationRequirements.AppCheckout(context, nameof(UnitTests));

    public override void Run(WorkloadContext context)
    {
        var tests = new AppUnitTests(context);
        var (summary, exitCode) = tests.Run();
        var passed = summary.Passed && exitCode == 0;
        context.Log.Information("Unit tests: {0}; report {1}", summary, tests.ReportPath);
        foreach (var problem in summary.Problems)
        {
            context.Log.Error("  {0} {1}: {2}", problem.Kind, problem.Test, problem.Message);
        }

        StepSummary.Append(context, context.Masker, $"### Unit tests: {(passed ? "passed" : "FAILED")}\n\n{summary}\n"
            + string.Concat(summary.Problems.Select(p => $"\n- {p.Kind} `{p.Test}`: {p.Message}")));
        context.Journal.Record(nameof(UnitTests), TaskOutcome.Ran, [summary.ToString()]);
        if (!passed)
        {
            throw new CakeException(summary.Tests == 0
                ? $"No tests ran from {context.Settings.UnitTestPath} (pytest exit code {exitCode})."
                : $"Unit tests failed: {summary} (pytest exit code {exitCode}).");
        }
    }
}
