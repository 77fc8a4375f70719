using Xunit;

namespace Workload.Tests.Frosting;

[Collection(HostCollection.Name)]
public sealed class CakeHostTests
{
    [Fact]
    public void Runs_the_dependencies_of_the_target_in_order_with_setup_and_teardown()
    {
        using var host = new HostHarness();

        var exitCode = host.Run("--target=Last");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "run First", "run Middle", "run Last", "teardown"], host.Calls.Calls);
    }

    [Fact]
    public void Runs_the_default_target_when_none_is_named()
    {
        using var host = new HostHarness();

        Assert.Equal(0, host.Run());
        Assert.Contains("run Last", host.Calls.Calls);
    }

    [Fact]
    public void Exclusive_runs_only_the_target()
    {
        using var host = new HostHarness();

        var exitCode = host.Run("--target=Last", "--exclusive");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "run Last", "teardown"], host.Calls.Calls);
    }

    [Fact]
    public void Short_exclusive_flag_works_too()
    {
        using var host = new HostHarness();

        Assert.Equal(0, host.Run("-t", "Middle", "-e"));
        Assert.Equal(["setup", "run Middle", "teardown"], host.Calls.Calls);
    }

    [Fact]
    public void A_skipped_task_is_reported_with_its_reason_and_the_chain_goes_on()
    {
        using var host = new HostHarness();

        var exitCode = host.Run("--target=AfterAlreadyDone");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "check AlreadyDone", "run AfterAlreadyDone", "teardown"], host.Calls.Calls);
        var reportLine = host.Output.Split('\n').Single(l => l.Contains("AlreadyDone", StringComparison.Ordinal) && l.Contains("Skipped", StringComparison.Ordinal));
        Assert.Contains("in sync", reportLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_is_already_done_is_skipped_without_failing()
    {
        using var host = new HostHarness();

        var exitCode = host.Run("--target=AlreadyDone");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "check AlreadyDone", "teardown"], host.Calls.Calls);
        var reportLine = host.Output.Split('\n').Single(l => l.Contains("AlreadyDone", StringComparison.Ordinal) && l.Contains("Skipped", StringComparison.Ordinal));
        Assert.Contains("in sync", reportLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_task_gives_exit_code_1_and_runs_its_error_and_finally_handlers()
    {
        using var host = new HostHarness();

        var exitCode = host.Run("--target=AfterBroken");

        Assert.Equal(1, exitCode);
        Assert.Equal(["setup", "error Broken: the sample task broke", "finally Broken", "teardown"], host.Calls.Calls);
        Assert.Contains("the sample task broke", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dry_run_runs_no_task_action()
    {
        foreach (var flag in new[] { "--dryrun", "--noop", "--whatif" })
        {
            using var host = new HostHarness();

            var exitCode = host.Run("--target=Last", flag);

            Assert.Equal(0, exitCode);
            Assert.DoesNotContain(host.Calls.Calls, c => c.StartsWith("run ", StringComparison.Ordinal));
            Assert.Contains("Middle", host.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_target_fails_with_the_list_of_valid_ones()
    {
        using var host = new HostHarness();

        var exitCode = host.Run("--target=Nope");

        Assert.Equal(1, exitCode);
        Assert.Empty(host.Calls.Calls);
        Assert.Contains("Unknown target 'Nope'", host.Output, StringComparison.Ordinal);
        Assert.Contains("Valid targets: First, Middle, Last", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_targets_can_be_given()
    {
        using var host = new HostHarness();

        Assert.Equal(0, host.Run("--target=First", "--target=AfterAlreadyDone"));
        Assert.Contains("run First", host.Calls.Calls);
        Assert.Contains("run AfterAlreadyDone", host.Calls.Calls);
    }

    [Fact]
    public void Tree_shows_the_graph_without_running_anything()
    {
        using var host = new HostHarness();

        Assert.Equal(0, host.Run("--tree"));
        Assert.Empty(host.Calls.Calls);
        var output = host.Output;
        Assert.True(output.IndexOf("Last", StringComparison.Ordinal) < output.IndexOf("Middle", StringComparison.Ordinal));
        Assert.Contains("First", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_lists_every_task_with_its_description()
    {
        using var host = new HostHarness();

        Assert.Equal(0, host.Run("--description"));
        Assert.Contains("Depends on First.", host.Output, StringComparison.Ordinal);
        Assert.Contains("Always fails.", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_product_and_engine_versions()
    {
        using var host = new HostHarness();

        Assert.Equal(0, host.Run("--version"));
        Assert.Contains("Cake.Core 7.0", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_working_directory_is_a_clear_error()
    {
        using var host = new HostHarness();

        Assert.Equal(1, host.Run("--working=/no/such/directory"));
        Assert.Contains("--working", host.Output, StringComparison.Ordinal);
        Assert.Empty(host.Calls.Calls);
    }
}

/// <summary>The host writes to shared consoles; its tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "Cake host";
}
