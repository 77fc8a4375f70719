using Renci.SshNet;

namespace Workload.Hosts;

/// <summary>
/// One run at a time per host. The lock is an flock(1) held by a command that lives as long as our SSH connection:
/// closing its input releases it, and so does a lost connection, so a crashed run never leaves a stale lock.
/// The same round trip carries the run's speculative checks: once locked, the holder runs the read-only scripts the
/// last run read on this host (<see cref="SpeculativeReads"/>) and sends their results; at the end of the run the
/// holder saves, from its input, the scripts this run read, for the next one.
/// </summary>
public sealed class HostLock : IAsyncDisposable
{
    public const string LockFile = "/run/lock/microblog-workload.lock";
    public const string OwnerFile = "/run/lock/microblog-workload.owner";

    private const string Done = "@@workload-speculated-done";

    private static readonly TimeSpan SpeculationTimeout = TimeSpan.FromMinutes(2);

    private readonly SshCommand _command;
    private readonly Stream _input;
    private readonly Task _execution;

    private HostLock(SshCommand command, Stream input, Task execution, IReadOnlyDictionary<string, CommandResult> speculated)
    {
        _command = command;
        _input = input;
        _execution = execution;
        Speculated = speculated;
    }

    /// <summary>What the last run's reads printed on this host now, by <see cref="SpeculativeReads.KeyOf"/> of their script.</summary>
    public IReadOnlyDictionary<string, CommandResult> Speculated { get; }

    /// <summary>The scripts to run speculatively at the start of the next run of the same selection, saved when the lock is released; null keeps the saved ones.</summary>
    public string? NextReads { get; set; }

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the host's lock; fails naming the run that holds it. Once locked, the
    /// holder runs the reads last saved for <paramref name="selection"/> (<see cref="SpeculativeReads.SelectionOf"/>).
    /// </summary>
    public static async Task<HostLock> AcquireAsync(SshClient ssh, HostEndpoint endpoint, string owner, TimeSpan wait, Action<string>? progress, CancellationToken cancellationToken, string selection = SpeculativeReads.AnySelection)
    {
        var sudo = endpoint.User == "root" ? string.Empty : "sudo -n ";
        var seconds = Math.Max(0, (int)wait.TotalSeconds);

        // Inside the lock: say who holds it, announce success, run the last run's reads, then hold the lock until our
        // input closes, keeping what the input carried as the next run's reads when it is complete.
        var holder = $"printf '%s\\n' {Shell.Quote(owner)} > {OwnerFile}; echo locked; {SpeculativeReads.RunSaved(selection)}; echo {Done}; {SpeculativeReads.SaveFromInput(selection)}";
        var text = $"{sudo}flock -w {seconds} {LockFile} sh -c {Shell.Quote(holder)} || {{ echo \"held by: $(cat {OwnerFile} 2>/dev/null)\"; exit 75; }}";
        var command = ssh.CreateCommand(text);
        var execution = command.ExecuteAsync(cancellationToken);
        var input = command.CreateInputStream();
        using var reader = new StreamReader(command.OutputStream, leaveOpen: true);
        progress?.Invoke($"{endpoint.Name}: taking the host lock");
        var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (line == "locked")
        {
            // The reads are the checks of a run (curl's are bounded by --max-time); should one hang, the run goes on
            // without speculation, and each task reads for itself under the command timeout.
            var speculated = new Dictionary<string, CommandResult>(StringComparer.Ordinal);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(SpeculationTimeout);
            try
            {
                while (await reader.ReadLineAsync(deadline.Token).ConfigureAwait(false) is { } result && result != Done)
                {
                    SpeculativeReads.Parse(result, speculated);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                progress?.Invoke($"{endpoint.Name}: the speculative checks took longer than {SpeculationTimeout.TotalSeconds:0} s; each task checks for itself");
                speculated.Clear();
            }

            return new HostLock(command, input, execution, speculated);
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
            // run waited the full half second below. The next run's reads go the same way: no round trip of their own.
            await _input.WriteAsync(NextReads is null ? "\n"u8.ToArray() : System.Text.Encoding.UTF8.GetBytes(NextReads)).ConfigureAwait(false);
            await _input.DisposeAsync().ConfigureAwait(false);
            // Saving the next run's reads takes the holder a moment more; a no-op re-run saves nothing.
            await _execution.WaitAsync(TimeSpan.FromMilliseconds(NextReads is null ? 500 : 5000)).ConfigureAwait(false);
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
