using Workload.Configuration;
using Workload.Providers;
using Workload.State;

namespace Workload.Hosts;

/// <summary>
/// The run's connections, one per host, opened on first use, locked for the run, reused by every task, and
/// closed at the end. Where a host is comes from the state file (what provisioning recorded), or from the
/// configuration for provider=existing.
/// </summary>
public sealed class HostSessions(WorkloadSettings settings, StateStore state, Action<string> progress) : IAsyncDisposable
{
    private readonly Dictionary<HostRole, SshHostConnection> _open = [];

    /// <summary>Round trips made so far on every host, for the benchmark and the summary.</summary>
    public int RoundTrips => _open.Values.Sum(c => c.RoundTrips);

    /// <summary>The connection to the host of <paramref name="role"/>, connected and locked.</summary>
    public async Task<SshHostConnection> GetAsync(HostRole role, CancellationToken cancellationToken)
    {
        if (_open.TryGetValue(role, out var open))
        {
            return open;
        }

        var endpoint = EndpointFor(role);
        var policy = new HostKeyPolicy(new KnownHostsFile(settings.KnownHostsFile), settings.HostKeyPolicy == "accept-new");
        var options = new ConnectionOptions(
            TimeSpan.FromSeconds(settings.SshConnectTimeoutSeconds),
            settings.SshConnectAttempts,
            TimeSpan.FromSeconds(settings.CommandTimeoutSeconds),
            progress) { KeyPassphrase = settings.SshKeyPassphrase };
        progress($"{endpoint.Name}: connecting to {endpoint.User}@{endpoint.Address}:{endpoint.Port}");
        var connection = await SshHostConnection.ConnectAsync(endpoint, policy, options, cancellationToken).ConfigureAwait(false);
        try
        {
            var owner = $"{Environment.UserName}@{Environment.MachineName} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss}Z";
            await connection.LockAsync(owner, TimeSpan.FromSeconds(settings.HostLockWaitSeconds), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _open[role] = connection;
        return connection;
    }

    /// <summary>Where the host of a role is: the state file first, then the configuration (provider=existing).</summary>
    public HostEndpoint EndpointFor(HostRole role)
    {
        var name = RoleName(role);
        if (state.Load().Hosts.TryGetValue(name, out var record) && record.PublicAddress.Length > 0)
        {
            return new HostEndpoint(name, record.PublicAddress, record.Port, record.User, record.KeyFile.Length > 0 ? record.KeyFile : settings.SshPrivateKey, record.HostKey);
        }

        var configured = role == HostRole.Jenkins ? settings.JenkinsAddress : settings.MonitoringAddress;
        if (configured is not null)
        {
            return new HostEndpoint(name, configured, settings.SshPort, settings.SshUser, settings.SshPrivateKey);
        }

        var provision = role == HostRole.Jenkins ? "ProvisionJenkins" : "ProvisionMonitoring";
        throw new HostConnectionException(
            $"No {name} host is known: the state file {state.Path} has none. Run --target={provision} first " +
            $"(or set {name}Address with provider=existing).");
    }

    /// <summary>Whether the state file or the configuration says where the host of <paramref name="role"/> is.</summary>
    public bool IsKnown(HostRole role) =>
        (state.Load().Hosts.TryGetValue(RoleName(role), out var record) && record.PublicAddress.Length > 0)
        || (role == HostRole.Jenkins ? settings.JenkinsAddress : settings.MonitoringAddress) is not null;

    public static string RoleName(HostRole role) => role == HostRole.Jenkins ? "jenkins" : "monitoring";

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _open.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _open.Clear();
    }
}
