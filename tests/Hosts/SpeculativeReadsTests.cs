using Workload.Hosts;

namespace Workload.Tests.Hosts;

/// <summary>
/// The speculative checks (<see cref="SpeculativeReads"/>): the last run's reads, run by the lock holder and answered
/// from the lock's round trip. The saved script is run by a real sh here; the whole path against a real host.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class SpeculativeReadsTests(TestbedFixture fixture)
{
    [Fact]
    public void The_saved_script_gives_each_read_its_exact_output_and_exit_status()
    {
        string[] reads = ["echo a=1; echo b=2", "printf 'no newline at the end'", "echo \"it's\" 'quoted' $((1 + 2)); exit 3", "echo \"$LC_ALL\"; echo to-stderr >&2"];

        var run = ProgramRun.Run("sh", ["-c", SpeculativeReads.Script(reads)]);
        var results = new Dictionary<string, CommandResult>();
        foreach (var line in run.Output.Split('\n'))
        {
            SpeculativeReads.Parse(line, results);
        }

        Assert.Equal(new CommandResult(0, "a=1\nb=2\n", string.Empty), results[SpeculativeReads.KeyOf(reads[0])]);
        Assert.Equal("no newline at the end", results[SpeculativeReads.KeyOf(reads[1])].Output);
        Assert.Equal(new CommandResult(3, "it's quoted 3\n", string.Empty), results[SpeculativeReads.KeyOf(reads[2])]);
        Assert.Equal("C\n", results[SpeculativeReads.KeyOf(reads[3])].Output);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Lines_that_are_not_results_or_are_cut_are_ignored()
    {
        var results = new Dictionary<string, CommandResult>();

        SpeculativeReads.Parse("locked", results);
        SpeculativeReads.Parse("@@workload-speculated abc 0", results);
        SpeculativeReads.Parse("@@workload-speculated abc 0 YWJj!", results);
        SpeculativeReads.Parse("@@workload-speculated abc x YWJj", results);

        Assert.Empty(results);
    }

    [Fact]
    public async Task The_next_run_reads_in_the_lock_round_trip_until_something_runs_on_the_host()
    {
        var host = await fixture.FreshHostAsync("speculate");
        const string probe = "echo marker=$(cat /etc/speculate-marker 2>/dev/null || echo none)";
        const string facts = "echo systemctl=$(command -v systemctl)";

        // The first run: no reads saved yet, so each read is a round trip of its own; they are saved at its end.
        await using (var first = await HostAccess.ConnectAsync(fixture, host))
        {
            await first.LockAsync("first", TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal("marker=none\n", (await first.ReadAsync(probe)).Output);
            await first.ReadAsync(facts);
            Assert.Equal(3, first.RoundTrips);
            Assert.Equal(0, first.SpeculatedReads);
        }

        // The next run: both reads come with the lock, one round trip in all.
        await using (var second = await HostAccess.ConnectAsync(fixture, host))
        {
            await second.LockAsync("second", TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal("marker=none\n", (await second.ReadAsync(probe)).Output);
            Assert.Equal("systemctl=/usr/bin/systemctl\n", (await second.ReadAsync(facts)).Output);
            Assert.Equal(1, second.RoundTrips);
            Assert.Equal(2, second.SpeculatedReads);

            // A command may change the host: the next read goes to the host and sees the change.
            await second.RunAsync("echo set > /etc/speculate-marker");
            Assert.Equal("marker=set\n", (await second.ReadAsync(probe)).Output);
            Assert.Equal(3, second.RoundTrips);
        }

        // Changed outside our runs between two runs: the holder reads it after taking the lock, so it is current.
        await HostAccess.RootAsync(fixture, host, "echo outside > /etc/speculate-marker");
        await using (var third = await HostAccess.ConnectAsync(fixture, host))
        {
            await third.LockAsync("third", TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal("marker=outside\n", (await third.ReadAsync(probe)).Output);
            Assert.Equal(1, third.RoundTrips);

            // A read not saved is a round trip; one that was is still answered (reads change nothing).
            await third.ReadAsync("echo other=1");
            Assert.Equal("systemctl=/usr/bin/systemctl\n", (await third.ReadAsync(facts)).Output);
            Assert.Equal(2, third.RoundTrips);
            Assert.Equal(2, third.SpeculatedReads);
        }

        // Another selection of tasks has reads of its own: none yet.
        await using (var other = await HostAccess.ConnectAsync(fixture, host))
        {
            await other.LockAsync("other", TimeSpan.FromSeconds(10), CancellationToken.None, SpeculativeReads.SelectionOf(["NodeExporter"]));
            await other.ReadAsync(probe);
            Assert.Equal(2, other.RoundTrips);
            Assert.Equal(0, other.SpeculatedReads);
        }

        // What the host keeps is root's alone.
        var mode = await HostAccess.RootAsync(fixture, host, $"stat -c '%U %a' {SpeculativeReads.FileFor(SpeculativeReads.AnySelection)}");
        Assert.Equal("root 600", mode.Trim());
    }

    [Fact]
    public async Task A_speculated_answer_serves_once_and_none_serves_after_the_run_forgets_them()
    {
        var host = await fixture.FreshHostAsync("speculate-once");
        const string probe = "echo marker=$(cat /etc/speculate-marker 2>/dev/null || echo none)";
        const string facts = "echo systemctl=$(command -v systemctl)";
        await using (var first = await HostAccess.ConnectAsync(fixture, host))
        {
            await first.LockAsync("first", TimeSpan.FromSeconds(10), CancellationToken.None);
            await first.ReadAsync(probe);
            await first.ReadAsync(facts);
        }

        await HostAccess.RootAsync(fixture, host, "echo later > /etc/speculate-marker");
        await using (var second = await HostAccess.ConnectAsync(fixture, host))
        {
            await second.LockAsync("second", TimeSpan.FromSeconds(10), CancellationToken.None);
            // Changed after the lock's round trip (by someone else: a poll waits for such a change): asked again, the
            // read goes to the host and sees it.
            await HostAccess.RootAsync(fixture, host, "echo changed > /etc/speculate-marker");
            Assert.Equal("marker=later\n", (await second.ReadAsync(probe)).Output);
            Assert.Equal("marker=changed\n", (await second.ReadAsync(probe)).Output);
            Assert.Equal(2, second.RoundTrips);
            Assert.False(second.MayHaveChanged);

            // Forgotten (another host changed): the other saved read goes to the host too.
            second.ForgetSpeculatedReads();
            Assert.Equal("systemctl=/usr/bin/systemctl\n", (await second.ReadAsync(facts)).Output);
            Assert.Equal(3, second.RoundTrips);
            Assert.Equal(1, second.SpeculatedReads);

            await second.RunAsync("true");
            Assert.True(second.MayHaveChanged);
        }
    }
}
