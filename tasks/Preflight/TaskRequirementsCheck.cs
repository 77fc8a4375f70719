using Workload.Configuration;

namespace Workload.Preflight;

/// <summary>What each task of the run requires of the settings (<see cref="IHasRequirements"/>): a secret, a checkout, a pinned digest.</summary>
public sealed class TaskRequirementsCheck : IPreflightCheck
{
    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> problems = scope.Tasks
            .OfType<IHasRequirements>()
            .SelectMany(task => task.UnmetRequirements(context))
            .Where(problem => !scope.DryRun || !IsAboutSecret(problem))
            .ToList();
        return Task.FromResult(problems);
    }

    /// <summary>A requirement names its setting first ("grafanaAdminPassword: required by ..."); a dry run needs no secrets.</summary>
    private static bool IsAboutSecret(string problem) =>
        SettingDefinition.Find(problem.Split(':', 2)[0]) is { IsSecret: true };
}
