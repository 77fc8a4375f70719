using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;
using Workload.Common;

namespace Workload.Hosts;

/// <summary>How a connection behaves: timeouts, retries, and where progress goes.</summary>
public sealed record ConnectionOptions(
    TimeSpan ConnectTimeout,
    int ConnectAttempts,
    TimeSpan CommandTimeout,
    Action<string>? Progress = null)
{
    /// <summary>The passphrase of an encrypted key file (setting sshKeyPassphrase), or null.</summary>
    public Workload.Configuration.Secret? KeyPassphrase { get; init; }

    /// <summary>The ssh-agent whose keys are offered before the key file, as OpenSSH does: SSH_AUTH_SOCK's unless set.</summary>
    public SshAgent? Agent { get; init; } = SshAgent.FromEnvironment();
}

/// <summary>
/// One SSH connection to one host, opened once and reused by every task of the run: commands (through
/// <c>sudo -n</c> for a non-root login), and SFTP uploads on a second channel opened on first use.
/// The host key is checked against known_hosts before anything else is sent.
/// </summary>
public sealed class SshHostConnection : IHostShell, IAsyncDisposable
{
    private readonly HostEndpoint _endpoint;
    private readonly HostKeyPolicy _hostKeys;
    private readonly ConnectionOptions _options;
    private SshClient? _ssh;
    private SftpClient? _sftp;
    private HostLock? _lock;
    private int _roundTrips;
    private System.Collections.Concurrent.ConcurrentDictionary<string, CommandResult>? _speculated;
    private readonly List<string> _reads = [];
    private readonly HashSet<string> _readKeys = new(StringComparer.Ordinal);

    private SshHostConnection(HostEndpoint endpoint, HostKeyPolicy hostKeys, ConnectionOptions options)
    {
        _endpoint = endpoint;
        _hostKeys = hostKeys;
        _options = options;
    }

    public HostEndpoint Endpoint => _endpoint;

    public string Name => _endpoint.Name;

    public bool IsRoot => _endpoint.User == "root";

    public int RoundTrips => _roundTrips;

    /// <summary>Reads answered from the speculative checks of the lock's round trip (<see cref="SpeculativeReads"/>).</summary>
    public int SpeculatedReads => _speculatedReads;

    private int _speculatedReads;

    /// <summary>Checks the key file, pins a provisioned host key, connects (retrying transient failures) and checks the host key.</summary>
    public static async Task<SshHostConnection> ConnectAsync(
        HostEndpoint endpoint, HostKeyPolicy hostKeys, ConnectionOptions options, CancellationToken cancellationToken)
    {
        PrivateKeyCheck.Require(endpoint, options.KeyPassphrase, options.Agent);
        if (endpoint.PinnedHostKey is not null)
        {
            var (type, key) = KnownHostsFile.ParsePublicKey(endpoint.PinnedHostKey);
            if (!hostKeys.KnownHosts.Find(endpoint.Address, endpoint.Port).Any(k => k.Key.AsSpan().SequenceEqual(key)))
            {
                hostKeys.KnownHosts.Pin(endpoint.Address, endpoint.Port, type, key);
                options.Progress?.Invoke($"{endpoint.Name}: pinned host key {type} {KnownHostsFile.Fingerprint(key)} from provisioning");
            }
        }

        var connection = new SshHostConnection(endpoint, hostKeys, options);
        connection._ssh = await connection.OpenAsync(info => new SshClient(info), cancellationToken).ConfigureAwait(false);
        return connection;
    }

    /// <summary>
    /// Takes the host's lock for the rest of this connection's life. The same round trip brings the results of the
    /// last run's reads on this host for the same <paramref name="selection"/> of tasks (<see cref="SpeculativeReads"/>),
    /// which <see cref="ReadAsync"/> answers from.
    /// </summary>
    public async Task LockAsync(string owner, TimeSpan wait, CancellationToken cancellationToken, string selection = SpeculativeReads.AnySelection)
    {
        if (_lock is not null)
        {
            return;
        }

        Interlocked.Increment(ref _roundTrips);
        _lock = await HostLock.AcquireAsync(_ssh ?? throw new ObjectDisposedException(nameof(SshHostConnection)), _endpoint, owner, wait, _options.Progress, cancellationToken, selection).ConfigureAwait(false);
        _speculated = new(_lock.Speculated, StringComparer.Ordinal);
    }

    /// <summary>Whether a command ran or a file was uploaded on the host since it was locked: it may have changed.</summary>
    public bool MayHaveChanged { get; private set; }

    /// <summary>From now on every read goes to the host (another host changed, and this host's reads may depend on it).</summary>
    public void ForgetSpeculatedReads() => _speculated = null;

    /// <inheritdoc/>
    public async Task<CommandResult> ReadAsync(string script, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        var key = SpeculativeReads.KeyOf(script);
        // Reads may come at once (the end-to-end checks run side by side on one connection).
        lock (_readKeys)
        {
            if (_readKeys.Add(key))
            {
                _reads.Add(script);
            }
        }

        // A failed read is run again, so that its error output (which speculation does not keep) can be shown.
        // Each answer serves once: a read asked again (a poll waiting for a change) wants the host as it is now.
        if (_speculated is { } answers && answers.TryRemove(key, out var speculated) && speculated.Succeeded)
        {
            Interlocked.Increment(ref _speculatedReads);
            return speculated;
        }

        return await ExecuteAsync(script, CommandOptions.Default, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public Task<CommandResult> RunAsync(string script, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        // It may change the host: what the speculative checks found no longer counts.
        _speculated = null;
        MayHaveChanged = true;
        return ExecuteAsync(script, options ?? CommandOptions.Default, cancellationToken);
    }

    private async Task<CommandResult> ExecuteAsync(string script, CommandOptions options, CancellationToken cancellationToken)
    {
        var ssh = _ssh ?? throw new ObjectDisposedException(nameof(SshHostConnection));
        var body = "export LC_ALL=C\n" + script;
        var commandText = options.AsLoginUser || IsRoot
            ? "sh -c " + Shell.Quote(body)
            : "sudo -n -- sh -c " + Shell.Quote(body);
        Interlocked.Increment(ref _roundTrips);

        using var command = ssh.CreateCommand(commandText);
        var timeout = options.Timeout ?? _options.CommandTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var execution = command.ExecuteAsync(deadline.Token);
            if (options.Input is not null)
            {
                using var input = command.CreateInputStream();
                await input.WriteAsync(options.Input, deadline.Token).ConfigureAwait(false);
            }

            await execution.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HostCommandException(Name, $"A command that ran longer than {timeout.TotalSeconds:0} s", new CommandResult(-1, command.Result, command.Error));
        }
        catch (SshConnectionException exception)
        {
            throw new HostConnectionException($"The connection to {_endpoint.Describe()} was lost: {exception.Message}", exception);
        }

        var result = new CommandResult(command.ExitStatus ?? -1, command.Result, command.Error);
        if (!result.Succeeded && !IsRoot && !options.AsLoginUser && result.Error.Contains("sudo: a password is required", StringComparison.Ordinal))
        {
            throw new HostConnectionException(
                $"{_endpoint.Describe()}: the user cannot run sudo without a password. The tool needs passwordless sudo, as EC2's ubuntu user has.");
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task UploadAsync(byte[] content, string remotePath, CancellationToken cancellationToken = default)
    {
        _speculated = null;
        MayHaveChanged = true;
        _sftp ??= await OpenAsync(info => new SftpClient(info), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _roundTrips);
        using var stream = new MemoryStream(content, writable: false);
        try
        {
            await _sftp.UploadFileAsync(stream, remotePath, cancellationToken).ConfigureAwait(false);
        }
        catch (SshException exception)
        {
            throw new HostConnectionException($"Uploading {remotePath} to {_endpoint.Describe()} failed: {exception.Message}", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_lock is not null)
        {
            // The next run's speculative checks: this run's reads, unless they are the ones saved already.
            lock (_readKeys)
            {
                if (_reads.Count > 0 && !_readKeys.SetEquals(_lock.Speculated.Keys))
                {
                    _lock.NextReads = SpeculativeReads.Script(_reads);
                }
            }

            await _lock.DisposeAsync().ConfigureAwait(false);
            _lock = null;
        }

        foreach (var client in new BaseClient?[] { _sftp, _ssh })
        {
            if (client is null)
            {
                continue;
            }

            try
            {
                if (client.IsConnected)
                {
                    client.Disconnect();
                }
            }
            catch (SshException)
            {
                // The host already went away; there is nothing left to close.
            }

            client.Dispose();
        }

        _ssh = null;
        _sftp = null;
    }

    /// <summary>Between connection attempts: 2 s, doubling, at most 30 s.</summary>
    private static readonly WaitInterval ConnectBackoff = new(TimeSpan.FromSeconds(2), Backoff: 2, Ceiling: TimeSpan.FromSeconds(30));

    private Task<T> OpenAsync<T>(Func<ConnectionInfo, T> create, CancellationToken cancellationToken)
        where T : BaseClient =>
        Waiter.RetryAsync(
            _options.ConnectAttempts,
            ConnectBackoff,
            (_, token) => ConnectOnceAsync(create, token),
            failure =>
            {
                if (failure.Exception is not (SocketException or SshException or ProxyException or TimeoutException or IOException))
                {
                    return false;
                }

                var (transient, reason) = Classify(failure.Exception);
                if (!transient || failure.IsLast)
                {
                    var tries = failure.Attempt > 1 ? $" after {failure.Attempt} attempts" : string.Empty;
                    throw new HostConnectionException($"Cannot connect to {_endpoint.Describe()}{tries}: {reason}", failure.Exception);
                }

                _options.Progress?.Invoke($"{_endpoint.Name}: {reason}; retrying in {failure.Pause.TotalSeconds:0} s (attempt {failure.Attempt + 1} of {failure.Attempts})");
                return true;
            },
            cancellationToken);

    /// <summary>One connection attempt; a host key that known_hosts refuses fails it for good.</summary>
    private async Task<T> ConnectOnceAsync<T>(Func<ConnectionInfo, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        string? refusal = null;
        var client = create(ConnectionInfoFor(_endpoint));
        client.KeepAliveInterval = TimeSpan.FromSeconds(30);
        client.HostKeyReceived += (_, e) =>
        {
            refusal = _hostKeys.Check(_endpoint, KnownHostsFile.KeyTypeOf(e.HostKey), e.HostKey);
            e.CanTrust = refusal is null;
        };

        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (Exception exception) when (exception is SocketException or SshException or ProxyException or TimeoutException or IOException)
        {
            client.Dispose();
            if (refusal is not null)
            {
                throw new HostConnectionException(refusal, exception);
            }

            throw;
        }
    }

    private ConnectionInfo ConnectionInfoFor(HostEndpoint endpoint)
    {
        var keys = PrivateKeyCheck.LoginKeys(endpoint.KeyFile, _options.KeyPassphrase, _options.Agent);
        var info = new ConnectionInfo(endpoint.Address, endpoint.Port, endpoint.User, new PrivateKeyAuthenticationMethod(endpoint.User, [.. keys]))
        {
            Timeout = _options.ConnectTimeout,
            Encoding = Encoding.UTF8,
        };
        PreferKnownKeyTypes(info, endpoint);
        return info;
    }

    /// <summary>Like OpenSSH, ask for a host key of a type known_hosts lists, so a host with several keys shows the one we can check.</summary>
    private void PreferKnownKeyTypes(ConnectionInfo info, HostEndpoint endpoint)
    {
        var knownTypes = _hostKeys.KnownHosts.Find(endpoint.Address, endpoint.Port).Where(k => !k.Revoked).Select(k => k.KeyType).ToHashSet(StringComparer.Ordinal);
        if (knownTypes.Count == 0)
        {
            return;
        }

        var preferred = info.HostKeyAlgorithms.Where(a => knownTypes.Contains(a.Key) || (knownTypes.Contains("ssh-rsa") && a.Key.StartsWith("rsa-sha2", StringComparison.Ordinal))).ToList();
        var others = info.HostKeyAlgorithms.Except(preferred).ToList();
        info.HostKeyAlgorithms.Clear();
        foreach (var algorithm in preferred.Concat(others))
        {
            info.HostKeyAlgorithms.Add(algorithm.Key, algorithm.Value);
        }
    }

    private static (bool Transient, string Reason) Classify(Exception exception) => exception switch
    {
        SshAuthenticationException => (false, "authentication failed: the server accepted none of the keys offered (check sshUser, sshPrivateKey and the ssh-agent's keys)"),
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => (true, "connection refused (is sshd running and the port open?)"),
        SocketException { SocketErrorCode: SocketError.TimedOut } => (true, "connection timed out (is the address right and the port open to this machine?)"),
        SocketException { SocketErrorCode: SocketError.HostUnreachable or SocketError.NetworkUnreachable } => (true, "host unreachable"),
        SocketException { SocketErrorCode: SocketError.ConnectionReset } => (true, "connection reset"),
        SocketException { SocketErrorCode: SocketError.HostNotFound } => (false, "host name not found"),
        SshOperationTimeoutException or TimeoutException => (true, "connection timed out"),
        SshConnectionException e => (true, e.Message),
        _ => (true, exception.Message),
    };
}
