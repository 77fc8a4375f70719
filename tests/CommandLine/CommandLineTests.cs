namespace Workload.Tests.CommandLine;

/// <summary>The command line as a user meets it: the real entry point, a real process, real exit codes.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("command-line-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Tree_prints_the_workload_graph()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--tree");

        Assert.Equal(0, exitCode);
        Assert.Contains("Deploy", output, StringComparison.Ordinal);
        Assert.Contains("ProvisionJenkins", output, StringComparison.Ordinal);
        Assert.Contains("Validate", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_of_one_exclusive_target_names_only_that_target()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--target=Nginx", "--exclusive", "--dryrun");

        Assert.Equal(0, exitCode);
        Assert.Contains("1. Nginx", output, StringComparison.Ordinal);
        Assert.DoesNotContain("2.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("ProvisionJenkins", output, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_target_exits_1_with_the_list_of_targets()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--target=Nope");

        Assert.Equal(1, exitCode);
        Assert.Contains("Unknown target 'Nope'. Valid targets: ProvisionJenkins, InstallJenkins", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_configuration_exits_1_naming_the_key_before_any_task_runs()
    {
        File.WriteAllText(Path.Combine(_directory, "broken.json"), """{ "sshPort": "twenty-two" }""");

        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--config=broken.json", "--target=Nginx", "--exclusive");

        Assert.Equal(1, exitCode);
        Assert.Contains("sshPort: got \"twenty-two\", expected a TCP port from 1 to 65535 (in broken.json, line 1)", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Nginx", output.Replace("--target=Nginx", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_on_the_command_line_is_refused_without_echoing_it()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--grafanaAdminPassword=hunter2-secret", "--tree");

        // --tree needs no configuration; the run target does, and must refuse the secret.
        Assert.Equal(0, exitCode);
        (exitCode, output) = WorkloadProcess.Run(_directory, null, "--grafanaAdminPassword=hunter2-secret", "--target=Nginx", "--exclusive");
        Assert.Equal(1, exitCode);
        Assert.Contains("grafanaAdminPassword: is a secret and is read only from the environment variable WORKLOAD_GRAFANA_ADMIN_PASSWORD", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_from_the_environment_is_masked_in_the_output()
    {
        // An invalid value in another setting makes the loader quote values; the secret must still not appear.
        var environment = new Dictionary<string, string> { ["WORKLOAD_GRAFANA_ADMIN_PASSWORD"] = "hunter2-secret" };

        var (exitCode, output) = WorkloadProcess.Run(_directory, environment, "--target=Nginx", "--exclusive", "--sshPort=hunter2-secret");

        Assert.Equal(1, exitCode);
        Assert.Contains("sshPort: got \"***\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_option_value_exits_1_saying_what_is_allowed()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--verbosity=loud", "--tree");

        Assert.Equal(1, exitCode);
        Assert.Contains("--verbosity: got 'loud', expected quiet, minimal, normal, verbose or diagnostic", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_targets_and_settings()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--help");

        Assert.Equal(0, exitCode);
        Assert.Contains("TARGETS:", output, StringComparison.Ordinal);
        Assert.Contains("GunicornService", output, StringComparison.Ordinal);
        Assert.Contains("SETTINGS:", output, StringComparison.Ordinal);
        Assert.Contains("sshPrivateKey", output, StringComparison.Ordinal);
    }
}
