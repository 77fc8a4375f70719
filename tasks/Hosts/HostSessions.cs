using Workload.Configuration;

namespace Workload.Hosts;

/// <summary>
/// The run's connections, one per host, locked for the run, reused by every task, and closed at the end. The hosts
/// the run's tasks configure are opened at its start, all at once (<see cref="OpenInBackground"/>): connecting,
/// locking and the speculative checks of every host (<see cref="SpeculativeReads"/>) overlap. A host not known yet
/// is opened on first use. Where a host is, the inventory says (<see cref="IHostInventory"/>): the state file (what
/// provisioning recorded), or the configuration for provider=existing.
/// </summary>
public sealed class HostSessions(WorkloadSettings settings, IHostInventory inventory, Action<string> progress) : IAsyncDisposable
{
    private readonly Dictionary<HostRole, (HostEndpoint Endpoint, Task<SshHostConnection> Connection)> _open = [];
    private readonly Lock _gate = new();
    private string _selection = SpeculativeReads.AnySelection;

    /// <summary>Round trips made so far on every host, for the benchmark and the summary.</summary>
    public int RoundTrips => Opened().Sum(c => c.RoundTrips);

    /// <summary>Per host: its round trips and the reads its speculative checks answered.</summary>
    public IReadOnlyList<(string Host, int RoundTrips, int SpeculatedReads)> RoundTripsPerHost =>
        Opened().Select(c => (c.Name, c.RoundTrips, c.SpeculatedReads)).ToList();

    /// <summary>
    /// Once any host may have changed in this run, no host's reads are answered from its speculative checks any more:
    /// a read on one host can depend on another (Prometheus' view of the Jenkins host's node exporter).
    /// </summary>
    public void ForgetSpeculatedReadsIfAnyHostChanged()
    {
        var opened = Opened();
        if (opened.Any(c => c.MayHaveChanged))
        {
            foreach (var connection in opened)
            {
                connection.ForgetSpeculatedReads();
            }
        }
    }

    /// <summary>
    /// Starts connecting to and locking the known hosts of <paramref name="roles"/> at once, without waiting. A failure
    /// is not reported here: the task that needs the host meets it (<see cref="GetAsync"/> tries again). Each host
    /// runs the reads last saved for the run's <paramref name="selection"/> of tasks (<see cref="SpeculativeReads.SelectionOf"/>).
    /// </summary>
    public void OpenInBackground(IEnumerable<HostRole> roles, string selection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        _selection = selection;
        foreach (var role in roles.Distinct().Where(IsKnown))
        {
            _ = GetAsync(role, cancellationToken);
        }
    }

    /// <summary>The connection to the host of <paramref name="role"/>, connected and locked.</summary>
    public async Task<SshHostConnection> GetAsync(HostRole role, CancellationToken cancellationToken)
    {
        var endpoint = EndpointFor(role);
        Task<SshHostConnection> opening;
        lock (_gate)
        {
            if (!_open.TryGetValue(role, out var open) || open.Endpoint != endpoint || open.Connection.IsFaulted || open.Connection.IsCanceled)
            {
                // First use, a host provisioning replaced, or an opening in the background that failed: open it (again).
                if (open.Connection is { IsCompletedSuccessfully: true } replaced)
                {
                    _ = replaced.Result.DisposeAsync().AsTask();
                }

                open = (endpoint, Task.Run(() => OpenAsync(endpoint, cancellationToken), cancellationToken));
                _open[role] = open;
            }

            opening = open.Connection;
        }

        return await opening.ConfigureAwait(false);
    }

    private async Task<SshHostConnection> OpenAsync(HostEndpoint endpoint, CancellationToken cancellationToken)
    {
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
            await connection.LockAsync(owner, TimeSpan.FromSeconds(settings.HostLockWaitSeconds), cancellationToken, _selection).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }

    private List<SshHostConnection> Opened()
    {
        lock (_gate)
        {
            return _open.Values.Where(o => o.Connection.IsCompletedSuccessfully).Select(o => o.Connection.Result).ToList();
        }
    }

    /// <summary>Where the host of a role is: the state file first, then the configuration (provider=existing).</summary>
    public HostEndpoint EndpointFor(HostRole role) => inventory.EndpointFor(role);

    /// <summary>Whether the state file or the configuration says where the host of <paramref name="role"/> is.</summary>
    public bool IsKnown(HostRole role) => inventory.IsKnown(role);

    public static string RoleName(HostRole role) => role == HostRole.Jenkins ? "jenkins" : "monitoring";

    public async ValueTask DisposeAsync()
    {
        List<Task<SshHostConnection>> opened;
        lock (_gate)
        {
            opened = _open.Values.Select(o => o.Connection).ToList();
            _open.Clear();
        }

        // Every host's lock is released at once, as they were taken.
        await Task.WhenAll(opened.Select(async opening =>
        {
            try
            {
                await (await opening.ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HostConnectionException or OperationCanceledException or Renci.SshNet.Common.SshException)
            {
                // It never opened: there is nothing to close, and the task that needed it reported why.
            }
        })).ConfigureAwait(false);
    }
}
