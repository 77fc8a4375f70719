using Workload.Common;

namespace Workload.Tests.Common;

public sealed class ConcurrentlyTests
{
    [Fact]
    public async Task Checks_run_at_once()
    {
        // Each waits for the other: only at once do both finish.
        var first = new TaskCompletionSource();
        var second = new TaskCompletionSource();

        await Concurrently.RunAsync(
            [
                async token => { first.SetResult(); await second.Task.WaitAsync(token); },
                async token => { second.SetResult(); await first.Task.WaitAsync(token); },
            ],
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task The_first_failure_stops_the_others_and_is_what_is_thrown()
    {
        var polling = new TaskCompletionSource();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => Concurrently.RunAsync(
            [
                // A poll that would wait for minutes, listed first: it is cancelled, and its cancellation is not the error.
                async token => { polling.SetResult(); await Task.Delay(TimeSpan.FromMinutes(5), token); },
                async token => { await polling.Task; throw new InvalidOperationException("the app does not answer"); },
            ],
            CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal("the app does not answer", thrown.Message);
    }

    [Fact]
    public async Task When_several_fail_the_one_listed_first_is_thrown()
    {
        var bothStarted = new CountdownEvent(2);
        Func<CancellationToken, Task> Failing(string message) => async _ =>
        {
            bothStarted.Signal();
            await Task.Run(() => bothStarted.Wait(TimeSpan.FromSeconds(10)));
            throw new InvalidOperationException(message);
        };

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => Concurrently.RunAsync([Failing("first"), Failing("second")], CancellationToken.None));

        Assert.Equal("first", thrown.Message);
    }

    [Fact]
    public async Task A_cancelled_run_throws_its_cancellation()
    {
        using var run = new CancellationTokenSource();
        var started = new TaskCompletionSource();
        var checks = Concurrently.RunAsync([async token => { started.SetResult(); await Task.Delay(TimeSpan.FromMinutes(5), token); }], run.Token);
        await started.Task;

        await run.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => checks);
    }
}
