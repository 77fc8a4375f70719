using Workload.Configuration;
using Workload.State;

namespace Workload.Providers;

/// <summary>Hosts that already exist, at addresses given in the configuration: nothing to create, only to record.</summary>
public sealed class ExistingHostProvider(WorkloadSettings settings) : IHostProvider
{
    public string Name => "existing";

    public Task<ProvisionCheck> CheckAsync(HostRole role, CancellationToken cancellationToken)
    {
        var address = role == HostRole.Jenkins ? settings.JenkinsAddress : settings.MonitoringAddress;
        var privateAddress = role == HostRole.Jenkins ? settings.JenkinsPrivateAddress : settings.MonitoringPrivateAddress;
        var record = new HostRecord
        {
            Id = address!,
            PublicAddress = address!,
            PrivateAddress = privateAddress ?? address!,
            User = settings.SshUser,
            Port = settings.SshPort,
            KeyFile = settings.SshPrivateKey,
        };
        return Task.FromResult(new ProvisionCheck(role, [], record));
    }

    public Task<HostRecord> ApplyAsync(ProvisionCheck check, CancellationToken cancellationToken) =>
        Task.FromResult(check.Existing!);
}
