using Workload.Context;

namespace Workload.Preflight;

/// <summary>
/// The settings: every value's format and the rules between them, as the loader found them; and, when the run
/// reaches hosts, the settings that needs (addresses for provider=existing, adminCidr for aws). Local-only targets
/// (UnitTests, TemplateChecks, Jenkinsfile) need no host settings, and neither does a dry run, which reaches nothing.
/// </summary>
public sealed class ConfigurationCheck : IPreflightCheck
{
    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        var read = context.SettingsRead;
        IReadOnlyList<string> problems = scope.ReachesHosts && !scope.DryRun ? [.. read.Problems, .. read.HostProblems] : read.Problems;
        return Task.FromResult(problems);
    }
}
