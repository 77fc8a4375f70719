namespace Workload.Tests.Frosting;

[Collection(CakeHostCollection.Name)]
public sealed class CakeHostTests
{
    [Fact]
    public void Runs_the_dependencies_of_the_target_in_order_with_setup_and_teardown()
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run("--target=Last");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "run First", "run Middle", "run Last", "teardown"], host.Calls.Calls);
    }

    [Fact]
    public void Tasks_of_different_lanes_run_at_the_same_time_and_the_report_keeps_the_graph_order()
    {
        using var host = new CakeHostHarness();
        SampleContext.EastStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        West2Task.Fails = false;

        var exitCode = host.Run("--target=Joined");

        // West1 comes first in Cake's order and waits for East1: one after the other, it would time out.
        Assert.Equal(0, exitCode);
        var calls = host.Calls.Calls.ToList();
        Assert.Equal("setup", calls[0]);
        Assert.Equal("run Start", calls[1]);
        Assert.True(calls.IndexOf("run East1") < calls.IndexOf("run West1 after East1 started"), string.Join(", ", calls));
        Assert.True(calls.IndexOf("run West2") < calls.IndexOf("run Joined"));
        Assert.Equal("teardown", calls[^1]);
        var rows = host.Output.Split('\n')
            .Where(l => l.TrimStart().StartsWith("West", StringComparison.Ordinal) || l.TrimStart().StartsWith("East", StringComparison.Ordinal))
            .Where(l => l.Contains("Succeeded", StringComparison.Ordinal) || l.Contains("Skipped", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]).ToList();
        Assert.Equal(["West1", "West2", "East1", "EastInSyncWithALongName"], rows);
        var skipped = host.ReportRow("EastInSyncWithALongName", "Skipped");
        Assert.Matches(@"EastInSyncWithALongName\s+\d\d:\d\d:\d\d\.\d+\s+Skipped\s+in sync", skipped);
    }

    [Fact]
    public void Exclusive_runs_only_the_target_of_a_lane()
    {
        using var host = new CakeHostHarness();
        West2Task.Fails = false;

        Assert.Equal(0, host.Run("--target=West2", "--exclusive"));
        Assert.Equal(["setup", "run West2", "teardown"], host.Calls.Calls);
    }

    [Fact]
    public void A_failing_lane_fails_the_run_at_its_task_while_the_other_lane_finishes_and_nothing_after_it_starts()
    {
        using var host = new CakeHostHarness();
        SampleContext.EastStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        West2Task.Fails = true;
        try
        {
            var exitCode = host.Run("--target=Joined");

            Assert.Equal(1, exitCode);
            var calls = host.Calls.Calls.ToList();
            Assert.Contains("run East1", calls);
            Assert.DoesNotContain("run Joined", calls);
            Assert.Equal("teardown", calls[^1]);
            Assert.Contains("West2 broke", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            West2Task.Fails = false;
        }
    }

    [Fact]
    public void Runs_the_default_target_when_none_is_named()
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run());
        Assert.Contains("run Last", host.Calls.Calls);
    }

    [Fact]
    public void Exclusive_runs_only_the_target()
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run("--target=Last", "--exclusive");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "run Last", "teardown"], host.Calls.Calls);
    }

    [Fact]
    public void Short_exclusive_flag_works_too()
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run("-t", "Middle", "-e"));
        Assert.Equal(["setup", "run Middle", "teardown"], host.Calls.Calls);
    }

    [Fact]
    public void A_skipped_task_is_reported_with_its_reason_and_the_chain_goes_on()
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run("--target=AfterAlreadyDone");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "check AlreadyDone", "run AfterAlreadyDone", "teardown"], host.Calls.Calls);
        var reportLine = host.ReportRow("AlreadyDone", "Skipped");
        Assert.Contains("in sync", reportLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_that_is_already_done_is_skipped_without_failing()
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run("--target=AlreadyDone");

        Assert.Equal(0, exitCode);
        Assert.Equal(["setup", "check AlreadyDone", "teardown"], host.Calls.Calls);
        var reportLine = host.ReportRow("AlreadyDone", "Skipped");
        Assert.Contains("in sync", reportLine, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_task_gives_exit_code_1_and_runs_its_error_and_finally_handlers()
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run("--target=AfterBroken");

        Assert.Equal(1, exitCode);
        Assert.Equal(["setup", "error Broken: the sample task broke", "finally Broken", "teardown"], host.Calls.Calls);
        Assert.Contains("the sample task broke", host.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--target=AfterCheckFails")]
    [InlineData("--target=CheckFails")]
    public void A_check_that_fails_is_its_task_failing_with_its_error_and_finally_handlers(string target)
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run(target);

        Assert.Equal(1, exitCode);
        Assert.Equal(["setup", "error CheckFails: the check could not reach its host", "finally CheckFails", "teardown"], host.Calls.Calls);
        var reportLine = host.ReportRow("CheckFails", "Failed");
        Assert.DoesNotContain("Skipped", reportLine, StringComparison.Ordinal);
        Assert.Contains("the check could not reach its host", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_interrupted_run_starts_no_further_task_and_ends_with_one_line_and_exit_code_130()
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run("--target=AfterInterrupted");

        Assert.Equal(130, exitCode);
        Assert.Equal(["setup", "run Interrupted", "teardown"], host.Calls.Calls);
        var lines = host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("interrupted; nothing is half-written; run again to finish", lines[^1]);
        Assert.DoesNotContain("   at ", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Error:", host.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Target=Middle")]
    [InlineData("--TARGET=Middle")]
    [InlineData("-t=Middle")]
    [InlineData("-T", "Middle")]
    [InlineData("--target", "Middle")]
    public void Every_alias_of_target_in_any_letter_case_names_the_target(params string[] args)
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run([.. args, "--exclusive"]));
        Assert.Equal(["setup", "run Middle", "teardown"], host.Calls.Calls);
    }

    [Theory]
    [InlineData("--exclusive")]
    [InlineData("-e")]
    [InlineData("--Exclusive")]
    [InlineData("-E")]
    public void Every_alias_of_exclusive_works(string flag)
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run("--target=Middle", flag));
        Assert.Equal(["setup", "run Middle", "teardown"], host.Calls.Calls);
    }

    [Theory]
    [InlineData("--tree")]
    [InlineData("--showtree")]
    [InlineData("--description")]
    [InlineData("--descriptions")]
    [InlineData("--showdescription")]
    [InlineData("--showdescriptions")]
    [InlineData("--version")]
    [InlineData("--ver")]
    [InlineData("--info")]
    [InlineData("--Tree")]
    public void Every_alias_of_the_informational_options_runs_no_task(string option)
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run(option));
        Assert.Empty(host.Calls.Calls);
        Assert.NotEmpty(host.Output);
    }

    [Theory]
    [InlineData("--verbosity=quiet")]
    [InlineData("-v=q")]
    [InlineData("-v", "diagnostic")]
    [InlineData("--Verbosity=Minimal")]
    [InlineData("-w=.")]
    [InlineData("--working", ".")]
    public void The_options_with_values_take_them_in_every_spelling(params string[] args)
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run([.. args, "--target=First"]));
        Assert.Contains("run First", host.Calls.Calls);
    }

    [Theory]
    [InlineData("--verbosity=quiet", "--verbosity=diagnostic")]
    [InlineData("-v", "q", "--Verbosity=n")]
    [InlineData("--working=/tmp", "-w=/")]
    [InlineData("--exclusive", "--exclusive=false")]
    public void An_option_given_twice_with_different_values_is_refused_by_name(params string[] args)
    {
        using var host = new CakeHostHarness();

        Assert.Equal(1, host.Run([.. args, "--target=First"]));
        Assert.Empty(host.Calls.Calls);
    }

    [Theory]
    [InlineData("--target=")]
    [InlineData("--verbosity=")]
    [InlineData("--working=")]
    public void An_option_with_nothing_after_its_equals_sign_is_refused(string arg)
    {
        using var host = new CakeHostHarness();

        Assert.Equal(1, host.Run(arg));
        Assert.Empty(host.Calls.Calls);
    }

    [Fact]
    public void Dry_run_runs_no_task_action()
    {
        foreach (var flag in new[] { "--dryrun", "--noop", "--whatif" })
        {
            using var host = new CakeHostHarness();

            var exitCode = host.Run("--target=Last", flag);

            Assert.Equal(0, exitCode);
            Assert.DoesNotContain(host.Calls.Calls, c => c.StartsWith("run ", StringComparison.Ordinal));
            Assert.Contains("Middle", host.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_target_fails_with_the_list_of_valid_ones()
    {
        using var host = new CakeHostHarness();

        var exitCode = host.Run("--target=Nope");

        Assert.Equal(1, exitCode);
        Assert.Empty(host.Calls.Calls);
        Assert.Contains("Unknown target 'Nope'", host.Output, StringComparison.Ordinal);
        Assert.Contains("Valid targets: First, Middle, Last", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_targets_can_be_given()
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run("--target=First", "--target=AfterAlreadyDone"));
        Assert.Contains("run First", host.Calls.Calls);
        Assert.Contains("run AfterAlreadyDone", host.Calls.Calls);
    }

    [Fact]
    public void Tree_shows_the_graph_without_running_anything()
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run("--tree"));
        Assert.Empty(host.Calls.Calls);
        var output = host.Output;
        Assert.True(output.IndexOf("Last", StringComparison.Ordinal) < output.IndexOf("Middle", StringComparison.Ordinal));
        Assert.Contains("First", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Description_lists_every_task_with_its_description()
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run("--description"));
        Assert.Contains("Depends on First.", host.Output, StringComparison.Ordinal);
        Assert.Contains("Always fails.", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_prints_the_product_and_engine_versions()
    {
        using var host = new CakeHostHarness();

        Assert.Equal(0, host.Run("--version"));
        Assert.Contains("Cake.Core 7.0", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_working_directory_is_a_clear_error()
    {
        using var host = new CakeHostHarness();

        Assert.Equal(1, host.Run("--working=/no/such/directory"));
        Assert.Contains("--working", host.Output, StringComparison.Ordinal);
        Assert.Empty(host.Calls.Calls);
    }
}

/// <summary>The host writes to shared consoles; its tests run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CakeHostCollection
{
    public const string Name = "Cake host";
}
