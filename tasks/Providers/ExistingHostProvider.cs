using Workload.Configuration;
using Workload.Hosts;
using Workload.State;

namespace Workload.Providers;

/// <summary>Hosts that already exist, at addresses given in the configuration: nothing to create, only to record.</summary>
public sealed class ExistingHostProvider(WorkloadSettings settings) : IHostProvider
{
    public ProviderKind Kind => ProviderKind.Existing;

    public Task<ProvisionCheck> CheckAsync(HostRole role, CancellationToken cancellationToken)
    {
        var record = HostInventory.Configured(settings, role)
            ?? throw new ConfigurationException($"{HostSessions.RoleName(role)}Address: required when provider=existing");
        return Task.FromResult(new ProvisionCheck(role, [], record));
    }

    public Task<HostRecord> ApplyAsync(ProvisionCheck check, CancellationToken cancellationToken) =>
        Task.FromResult(check.Existing!);

    /// <summary>Hosts that already existed are not the tool's to delete (the preflight refuses Destroy first).</summary>
    public Task<TeardownPlan> CheckDestroyAsync(CancellationToken cancellationToken) =>
        throw new ConfigurationException(
            $"provider: Destroy deletes what the aws or local provider made, but provider is {Kind}: hosts that already existed are not the tool's to delete");

    public Task DestroyAsync(TeardownPlan plan, CancellationToken cancellationToken) => CheckDestroyAsync(cancellationToken);

    /// <summary>The hosts stay, and so does what the state says of them.</summary>
    public bool Forget(WorkloadState state) => false;
}
