using Workload.Configuration;
using Workload.Hosts;
using Workload.State;

namespace Workload.Providers;

/// <summary>
/// Where each host of the workload is (its addresses, login, key and pinned host key): what provisioning recorded
/// in the state file first, else what the configuration gives (provider=existing). The one place that answers
/// it: connections, the existing provider and Prometheus' scrape target all ask here.
/// </summary>
public sealed class HostInventory(WorkloadSettings settings, StateStore state) : IHostInventory
{
    /// <summary>The host of <paramref name="role"/> as the configuration gives it (jenkinsAddress, monitoringAddress), or null.</summary>
    public static HostRecord? Configured(WorkloadSettings settings, HostRole role)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var address = role == HostRole.Jenkins ? settings.JenkinsAddress : settings.MonitoringAddress;
        if (address is null)
        {
            return null;
        }

        var privateAddress = role == HostRole.Jenkins ? settings.JenkinsPrivateAddress : settings.MonitoringPrivateAddress;
        return new HostRecord
        {
            Id = address,
            PublicAddress = address,
            PrivateAddress = privateAddress ?? address,
            User = settings.SshUser,
            Port = settings.SshPort,
            KeyFile = settings.SshPrivateKey,
        };
    }

    /// <summary>The host of <paramref name="role"/> as the state file records it, when it has an address.</summary>
    public HostRecord? Recorded(HostRole role) =>
        state.Load().Hosts.TryGetValue(HostSessions.RoleName(role), out var record) && record.PublicAddress.Length > 0 ? record : null;

    /// <summary>Whether the state file or the configuration says where the host of <paramref name="role"/> is.</summary>
    public bool IsKnown(HostRole role) => Recorded(role) is not null || Configured(settings, role) is not null;

    /// <summary>How to reach the host of <paramref name="role"/> over SSH; a clear error when nothing says where it is.</summary>
    public HostEndpoint EndpointFor(HostRole role)
    {
        var name = HostSessions.RoleName(role);
        if (Recorded(role) is { } record)
        {
            return new HostEndpoint(name, record.PublicAddress, record.Port, record.User, record.KeyFile.Length > 0 ? record.KeyFile : settings.SshPrivateKey, record.HostKey);
        }

        if (Configured(settings, role) is { } configured)
        {
            return new HostEndpoint(name, configured.PublicAddress, configured.Port, configured.User, configured.KeyFile);
        }

        var provision = role == HostRole.Jenkins ? "ProvisionJenkins" : "ProvisionMonitoring";
        throw new HostConnectionException(
            $"No {name} host is known: the state file {state.Path} has none. Run --target={provision} first " +
            $"(or set {name}Address with provider=existing).");
    }

    /// <summary>The address other hosts reach the host of <paramref name="role"/> at (its private address), or null when nothing says.</summary>
    public string? PrivateAddress(HostRole role)
    {
        var recorded = state.Load().Hosts.TryGetValue(HostSessions.RoleName(role), out var record) && record.PrivateAddress.Length > 0 ? record.PrivateAddress : null;
        return recorded ?? Configured(settings, role)?.PrivateAddress;
    }
}
