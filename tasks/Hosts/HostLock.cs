using Renci.SshNet;

namespace Workload.Hosts;

/// <summary>
/// One run at a time per host. The lock is an flock(1) held by a command that lives as long as our SSH connection:
/// closing its input releases it, and so does a lost connection, so a crashed run never leaves a stale lock.
/// </summary>
public sealed class HostLock : IAsyncDisposable
{
    public const string LockFile = "/run/lock/microblog-workload.lock";
    public const string OwnerFile = "/run/lock/microblog-workload.owner";

    private readonly SshCommand _command;
    private readonly Stream _input;
    private readonly Task _execution;

    private HostLock(SshCommand command, Stream input, Task execution)
    {
        _command = command;
        _input = input;
        _execution = execution;
    }

    /// <summary>Waits up to <paramref name="wait"/> for the host's lock; fails naming the run that holds it.</summary>
    public static async Task<HostLock> AcquireAsync(SshClient ssh, HostEndpoint endpoint, string owner, TimeSpan wait, Action<string>? progress, CancellationToken cancellationToken)
    {
        var sudo = endpoint.User == "root" ? string.Empty : "sudo -n ";
        var seconds = Math.Max(0, (int)wait.TotalSeconds);

        // Inside the lock: say who holds it, announce success, then hold it until our input closes.
        var holder = $"printf '%s\\n' {Shell.Quote(owner)} > {OwnerFile}; echo locked; cat > /dev/null";
        var text = $"{sudo}flock -w {seconds} {LockFile} sh -c {Shell.Quote(holder)} || {{ echo \"held by: $(cat {OwnerFile} 2>/dev/null)\"; exit 75; }}";
        var command = ssh.CreateCommand(text);
        var execution = command.ExecuteAsync(cancellationToken);
        var input = command.CreateInputStream();
        using var reader = new StreamReader(command.OutputStream, leaveOpen: true);
        progress?.Invoke($"{endpoint.Name}: taking the host lock");
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line == "locked")
        {
            return new HostLock(command, input, execution);
        }

        await input.DisposeAsync().ConfigureAwait(false);
        try
        {
            await execution.ConfigureAwait(false);
        }
        finally
        {
            command.Dispose();
        }

        if (line?.StartsWith("held by:", StringComparison.Ordinal) == true)
        {
            throw new HostConnectionException(
                $"Another run is working on {endpoint.Describe()} and held its lock for {seconds} s ({line}). " +
                "Wait for it to finish and run again; runs never interleave on a host.");
        }

        throw new HostConnectionException($"Could not take the lock on {endpoint.Describe()}: {line} {command.Error}".Trim());
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing the input ends the holder; if the host is slow to notice, closing the connection (which
            // follows) ends it as surely, so there is no point in waiting long here. SSH.NET sends the end of
            // input only for a stream that carried data: without this byte the holder never saw it, and every
            // run waited the full half second below.
            await _input.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
            await _input.DisposeAsync().ConfigureAwait(false);
            await _execution.WaitAsync(TimeSpan.FromMilliseconds(500)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or Renci.SshNet.Common.SshException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing the connection releases the lock as well (and an interrupted run's holder was cancelled already).
        }
        finally
        {
            _command.Dispose();
        }
    }
}
