using System.Globalization;
using Cake.Core.Diagnostics;

namespace Workload.Common;

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

/// <summary>
/// The one way the tool waits for something: polls until it is ready or a deadline passes, showing progress as it
/// goes (a changed status at once, the same one every half minute), waiting longer between polls by a backoff factor
/// up to a ceiling, and stopping at once when the run is cancelled. AWS waits for instances, groups and fresh ids with it,
/// the host checks for services to answer, the Jenkins pipeline for its first build; SSH retries a connection with its
/// <see cref="RetryAsync{T}"/>.
/// </summary>
public sealed class Waiter(WaitClock clock, ICakeLog log)
{
    /// <summary>A waiter on the system clock.</summary>
    public Waiter(ICakeLog log)
        : this(WaitClock.System, log)
    {
    }

    /// <summary>A waiter on the system clock that shows nothing: for waits of a few seconds whose caller reports for itself.</summary>
    public static Waiter Quiet { get; } = new(WaitClock.System, new NullLog());

    /// <summary>How often a status that has not changed is shown again, so a long wait never looks hung.</summary>
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(30);

    public WaitClock Clock => clock;

    /// <summary>Polls every <paramref name="interval"/> until done; past <paramref name="deadline"/>, throws what <paramref name="onTimeout"/> makes of the last status.</summary>
    public Task<T> UntilAsync<T>(
        string subject,
        DateTimeOffset deadline,
        TimeSpan interval,
        Func<CancellationToken, Task<WaitStep<T>>> poll,
        Func<string, Exception> onTimeout,
        CancellationToken cancellationToken) =>
        UntilAsync(subject, deadline, new WaitInterval(interval), poll, onTimeout, cancellationToken);

    /// <summary>Polls with <paramref name="interval"/>'s backoff until done; past <paramref name="deadline"/>, throws what <paramref name="onTimeout"/> makes of the last status.</summary>
    public async Task<T> UntilAsync<T>(
        string subject,
        DateTimeOffset deadline,
        WaitInterval interval,
        Func<CancellationToken, Task<WaitStep<T>>> poll,
        Func<string, Exception> onTimeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(poll);
        ArgumentNullException.ThrowIfNull(onTimeout);
        var started = clock.UtcNow;
        string? shown = null;
        var shownAt = started;
        var pause = interval.First;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
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

            await clock.DelayAsync(pause, cancellationToken).ConfigureAwait(false);
            pause = interval.Next(pause);
        }
    }

    /// <summary>
    /// Tries <paramref name="attempt"/> up to <paramref name="attempts"/> times, pausing by <paramref name="interval"/>'s
    /// backoff between tries. After a failure, <paramref name="onFailure"/> decides: true tries again (it shows the
    /// retry), false lets the failure go on; it may throw an error of its own (the last attempt's, with its context).
    /// A failure after the last attempt always goes on.
    /// </summary>
    public static async Task<T> RetryAsync<T>(
        int attempts,
        WaitInterval interval,
        Func<int, CancellationToken, Task<T>> attempt,
        Func<FailedAttempt, bool> onFailure,
        CancellationToken cancellationToken,
        WaitClock? clock = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(onFailure);
        var pause = interval.First;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var failure = new FailedAttempt(exception, number, attempts, pause);
                if (!onFailure(failure) || failure.IsLast)
                {
                    throw;
                }
            }

            await (clock ?? WaitClock.System).DelayAsync(pause, cancellationToken).ConfigureAwait(false);
            pause = interval.Next(pause);
        }
    }
}

/// <summary>An attempt of <see cref="Waiter.RetryAsync{T}"/> that failed: what it threw, which attempt of how many, and the pause before the next.</summary>
public readonly record struct FailedAttempt(Exception Exception, int Attempt, int Attempts, TimeSpan Pause)
{
    /// <summary>Whether no attempt is left.</summary>
    public bool IsLast => Attempt >= Attempts;
}

/// <summary>The pause between polls: <paramref name="First"/>, then times <paramref name="Backoff"/> after each poll, never above <paramref name="Ceiling"/>.</summary>
public readonly record struct WaitInterval(TimeSpan First, double Backoff = 1, TimeSpan? Ceiling = null)
{
    public TimeSpan Next(TimeSpan pause)
    {
        var next = pause * Backoff;
        return Ceiling is { } ceiling && next > ceiling ? ceiling : next;
    }
}
