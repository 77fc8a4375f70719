using System.Runtime.ExceptionServices;

namespace Workload.Common;

/// <summary>Independent checks run at once: the run waits for the slowest, not for their sum.</summary>
public static class Concurrently
{
    /// <summary>
    /// Runs every check at once. The first one to fail cancels the others (a check polling for minutes does not keep
    /// the failure waiting) and its own exception is thrown, not a cancellation it caused; when several fail, the one
    /// listed first among them.
    /// </summary>
    public static async Task RunAsync(IEnumerable<Func<CancellationToken, Task>> checks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checks);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = checks.Select(check => RunOneAsync(check, stop)).ToList();
        try
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            var failure = running.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!).FirstOrDefault();
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            throw;
        }
    }

    private static async Task RunOneAsync(Func<CancellationToken, Task> check, CancellationTokenSource stop)
    {
        try
        {
            await check(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped because another check failed (or the run was cancelled): not a failure of its own.
            throw;
        }
        catch (Exception)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }
}
