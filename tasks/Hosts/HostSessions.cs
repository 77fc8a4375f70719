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
    private readonly HostInventory _inventory = new(settings, state);

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
            progress);
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
    public HostEndpoint EndpointFor(HostRole role) => _inventory.EndpointFor(role);

    /// <summary>Whether the state file or the configuration says where the host of <paramref name="role"/> is.</summary>
    public bool IsKnown(HostRole role) => _inventory.IsKnown(role);

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
