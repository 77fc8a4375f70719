using Workload.Configuration;
using Workload.Context;
using Workload.Providers.Local;
using Workload.Providers;

namespace Workload.Preflight;

/// <summary>
/// The provider's own preflight, for a run that reaches hosts: for aws, credentials and every setting checked
/// against AWS with read-only calls (<see cref="IProviderPreflight"/>); for local, the programs and privileges the
/// testbed needs on this machine. Not in a dry run, which reaches nothing; and not AWS's for Destroy, which needs only
/// credentials (it checks them first) and must work when the settings that made the hosts no longer match AWS.
/// </summary>
public sealed class ProviderCheck : IPreflightCheck
{
    public PreflightStage Stage => PreflightStage.Remote;

    public async Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        if (!scope.ReachesHosts || scope.DryRun)
        {
            return [];
        }

        if (ProviderKind.Of(context.Settings) == ProviderKind.Local && OperatingSystem.IsLinux())
        {
            TestbedPrerequisites.Check();
        }

        else if (!scope.Runs<IDestroysHosts>() && context.Provider is IProviderPreflight provider)
        {
            await provider.PreflightAsync(cancellationToken).ConfigureAwait(false);
        }

        return [];
    }
}
