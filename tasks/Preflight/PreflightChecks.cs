using Workload.Context;

namespace Workload.Preflight;

/// <summary>
/// The preflight: before the first task, every check is asked, local ones first and remote ones only when the local
/// ones found nothing, and every problem is reported together. Until it passes, nothing is written (no .workload/,
/// no state file, no known_hosts) and nothing is contacted. The checks of every layer are listed where the run is
/// composed (<see cref="WorkloadLifetime.BuiltInChecks"/>).
/// </summary>
public static class PreflightChecks
{
    /// <summary>Asks <paramref name="checks"/>, in their order within each stage; throws <see cref="PreflightException"/> with every problem.</summary>
    public static async Task RunAsync(WorkloadContext context, PreflightScope scope, IEnumerable<IPreflightCheck> checks, CancellationToken cancellationToken)
    {
        var asked = checks.ToList();
        var problems = new List<string>();
        foreach (var check in asked.Where(c => c.Stage == PreflightStage.Local))
        {
            problems.AddRange(await AskAsync(check, context, scope, cancellationToken).ConfigureAwait(false));
        }

        if (problems.Count == 0 && !scope.DryRun)
        {
            foreach (var check in asked.Where(c => c.Stage == PreflightStage.Remote))
            {
                problems.AddRange(await AskAsync(check, context, scope, cancellationToken).ConfigureAwait(false));
            }
        }

        if (problems.Count > 0)
        {
            throw new PreflightException(problems.Distinct(StringComparer.Ordinal).ToList());
        }
    }

    /// <summary>A check that throws instead of answering has its message as its problem.</summary>
    private static async Task<IReadOnlyList<string>> AskAsync(IPreflightCheck check, WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        try
        {
            return await check.ProblemsAsync(context, scope, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return [Frosting.ErrorReporter.Unwrap(exception).Message];
        }
    }
}
