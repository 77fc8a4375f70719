using Workload.Configuration;
using Workload.Context;

namespace Workload.Preflight;

/// <summary>What each task of the run requires of the settings (<see cref="IHasRequirements"/>): a secret, a checkout, a pinned digest.</summary>
public sealed class TaskRequirementsCheck : IPreflightCheck
{
    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        // One problem per setting: a value the configuration refused is not "required" again, and two tasks that
        // need the same setting name it once (the first task's words).
        var named = new HashSet<string>(context.SettingsRead.Refused, StringComparer.OrdinalIgnoreCase);
        IReadOnlyList<string> problems = scope.Tasks
            .OfType<IHasRequirements>()
            .SelectMany(task => task.UnmetRequirements(context))
            .Where(problem => !scope.DryRun || !IsAboutSecret(problem))
            .Where(problem => SettingOf(problem) is not { } key || named.Add(key))
            .ToList();
        return Task.FromResult(problems);
    }

    /// <summary>A requirement names its setting first ("grafanaAdminPassword: required by ..."); a dry run needs no secrets.</summary>
    private static bool IsAboutSecret(string problem) =>
        SettingDefinition.Find(problem.Split(':', 2)[0]) is { IsSecret: true };

    private static string? SettingOf(string problem) => SettingDefinition.Find(problem.Split(':', 2)[0])?.Key;
}
