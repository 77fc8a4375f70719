using System.Globalization;
using Cake.Core.Diagnostics;

namespace Workload.Providers.Aws;

/// <summary>The time that waits run on; tests replace it so that a fifteen-minute time-out passes at once.</summary>
public class WaitClock
{
    public static WaitClock System { get; } = new();

    public virtual DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public virtual Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) => Task.Delay(delay, cancellationToken);
}

/// <summary>One look at something being waited for: done with a value, or not yet with a status to show.</summary>
public readonly record struct WaitStep<T>(bool Done, T? Value, string Status);

/// <summary>Makes <see cref="WaitStep{T}"/> values.</summary>
public static class WaitStep
{
    public static WaitStep<T> Ready<T>(T value) => new(true, value, "ready");

    public static WaitStep<T> Pending<T>(string status) => new(false, default, status);
}

/// <summary>Polls until something is ready or a deadline passes, showing progress as it goes.</summary>
public sealed class Waiter(WaitClock clock, ICakeLog log)
{
    /// <summary>How often a status that has not changed is shown again, so a long wait never looks hung.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public WaitClock Clock => clock;

    /// <summary>Polls every <paramref name="interval"/> until done; past <paramref name="deadline"/>, throws what <paramref name="onTimeout"/> makes of the last status.</summary>
    public async Task<T> UntilAsync<T>(
        string subject,
        DateTimeOffset deadline,
        TimeSpan interval,
        Func<CancellationToken, Task<WaitStep<T>>> poll,
        Func<string, Exception> onTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentNullException.ThrowIfNull(onTimeout);
        var started = clock.UtcNow;
        string? shown = null;
        var shownAt = started;
        while (true)
        {
            var step = await poll(cancellationToken).ConfigureAwait(false);
            if (step.Done)
            {
                return step.Value!;
            }

            var now = clock.UtcNow;
            if (step.Status != shown || now - shownAt >= ProgressEvery)
            {
                log.Information("{0}: {1} ({2} s)", subject, step.Status, ((int)(now - started).TotalSeconds).ToString(CultureInfo.InvariantCulture));
                (shown, shownAt) = (step.Status, now);
            }

            if (now >= deadline)
            {
                throw onTimeout(step.Status);
            }

            await clock.DelayAsync(interval, cancellationToken).ConfigureAwait(false);
        }
    }
}
