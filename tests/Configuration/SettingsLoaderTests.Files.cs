using System.Diagnostics;
using System.Text;

namespace Workload.Tests.Configuration;

/// <summary>What a configuration file may be, settings given twice or without a value, and settings that contradict each other.</summary>
public sealed partial class SettingsLoaderTests
{
    [Fact]
    public void A_directory_named_as_the_configuration_file_is_named_as_a_directory()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "conf"));

        var error = LoadFails(arguments: new() { ["config"] = ["conf"] });

        Assert.Contains($"--config: the configuration file '{Path.Combine(_directory, "conf")}' is a directory, not a file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_configuration_file_that_is_a_directory_is_named_as_the_default()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "workload.json"));

        var error = LoadFails();

        Assert.Contains($"workload.json: the configuration file '{Path.Combine(_directory, "workload.json")}' is a directory, not a file", error, StringComparison.Ordinal);
        Assert.DoesNotContain("WORKLOAD_CONFIG", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_is_refused_without_reading_it()
    {
        var memory = GC.GetTotalAllocatedBytes();

        var error = LoadFails(arguments: new() { ["config"] = ["/dev/zero"] });

        Assert.Contains("--config: the configuration file '/dev/zero' is not a regular file", error, StringComparison.Ordinal);
        Assert.True(GC.GetTotalAllocatedBytes() - memory < 64 * 1024 * 1024, "the device was read");
    }

    [Fact]
    public void A_pipe_is_refused_without_waiting_for_it()
    {
        var fifo = Path.Combine(_directory, "fifo.json");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        var error = LoadFails(environment: new() { ["WORKLOAD_CONFIG"] = fifo });

        Assert.Contains($"WORKLOAD_CONFIG: the configuration file '{fifo}' is not a regular file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_bound_is_refused_naming_the_file_and_the_bound()
    {
        var path = Path.Combine(_directory, "workload.json");
        File.WriteAllText(path, "{ \"project\": \"" + new string('a', (int)SettingsLoader.MaxConfigFileBytes) + "\" }");

        var error = LoadFails();

        Assert.Contains($"the configuration file '{path}' is {new FileInfo(path).Length} bytes long; at most 1 MiB is read", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_utf8_byte_order_mark_is_accepted()
    {
        File.WriteAllBytes(Path.Combine(_directory, "workload.json"), [.. Encoding.UTF8.Preamble, .. "{ \"project\": \"with-bom\" }"u8.ToArray()]);

        Assert.Equal("with-bom", Load().Project);
    }

    [Fact]
    public void A_key_given_twice_is_refused_naming_the_key_and_both_lines()
    {
        WriteConfig("{\n  \"sshUser\": \"ubuntu\",\n  \"project\": \"x\",\n  \"sshUser\": \"root\"\n}");

        var error = LoadFails();

        Assert.Contains("sshUser: given twice in workload.json, as \"sshUser\" on line 2 and as \"sshUser\" on line 4; expected each key once", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_in_two_spellings_is_refused_too()
    {
        WriteConfig("{\n  \"sshUser\": \"ubuntu\",\n  \"SSHUSER\": \"root\"\n}");

        Assert.Contains("sshUser: given twice in workload.json, as \"sshUser\" on line 2 and as \"SSHUSER\" on line 3", LoadFails(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_given_twice_in_a_map_is_refused()
    {
        WriteConfig("{ \"awsTags\": { \"Team\": \"a\", \"Team\": \"b\" } }");

        Assert.Contains("awsTags: the name \"Team\" is given twice", LoadFails(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jenkinsPort", "5000", "gunicornBind", "the Jenkins host")]
    [InlineData("nodeExporterListenAddress", ":8080", "jenkinsPort", "the Jenkins host")]
    [InlineData("gunicornBind", "127.0.0.1:80", "nginx's site", "the Jenkins host")]
    [InlineData("grafanaPort", "9090", "prometheusListenAddress", "the monitoring host")]
    [InlineData("prometheusListenAddress", ":22", "sshPort", "the monitoring host")]
    [InlineData("localMirrorPort", "3142", "localProxyPort", "this machine's testbed bridge address")]
    public void Two_services_on_one_port_of_one_host_are_refused_naming_both_keys(string key, string value, string other, string host)
    {
        var error = LoadFails(arguments: new() { [key] = [value] });

        Assert.Contains(other, error, StringComparison.Ordinal);
        Assert.Contains(key, error, StringComparison.Ordinal);
        Assert.Contains($"on {host}; expected a port of its own for each service", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Mutually_exclusive_settings_are_refused_naming_both_keys_and_where_they_came_from()
    {
        WriteConfig("""{ "pipNoIndex": true }""");

        var error = LoadFails(arguments: new() { ["pipIndexUrl"] = ["http://10.0.0.1/simple"] });

        Assert.Contains("pipNoIndex and pipIndexUrl: both set (workload.json; argument --pipIndexUrl), but they exclude each other", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_is_not_asked_about_a_value_that_was_refused()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(arguments: new() { ["jenkinsPort"] = ["5000"], ["gunicornBind"] = ["127.0.0.1:5000 --reload"] }));

        Assert.Single(error.Problems);
        Assert.StartsWith("gunicornBind: got", error.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_given_twice_on_the_command_line_with_different_values_is_refused()
    {
        var error = LoadFails(arguments: new() { ["plan"] = [string.Empty, "false"], ["sshUser"] = ["a", "b"] });

        Assert.Contains("--plan: given 2 times with different values (bare, \"false\"); expected one value", error, StringComparison.Ordinal);
        Assert.Contains("--sshUser: given 2 times with different values (\"a\", \"b\")", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_twice_and_a_repeated_list_are_fine()
    {
        var settings = Load(arguments: new() { ["plan"] = [string.Empty, "true"], ["jenkinsPlugins"] = ["git", "workflow-aggregator"] });

        Assert.True(settings.Plan);
        Assert.Equal(["git", "workflow-aggregator"], settings.JenkinsPlugins);
    }

    [Fact]
    public void A_setting_without_a_value_is_refused_by_name()
    {
        var error = LoadFails(arguments: new() { ["sshUser"] = [string.Empty], ["config"] = [string.Empty] });

        Assert.Contains("--sshUser: given without a value; expected a POSIX account name", error, StringComparison.Ordinal);
        Assert.Contains("--config: given without a value; expected the path of a configuration file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_setting_spelt_two_ways_on_the_command_line_is_refused()
    {
        var error = LoadFails(arguments: new() { ["sshUser"] = ["a"], ["ssh-user"] = ["b"] });

        Assert.Contains("given twice, as --sshUser and --ssh-user", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_variable_in_the_wrong_case_is_refused_with_the_right_name()
    {
        var error = LoadFails(environment: new() { ["workload_ssh_user"] = "root" });

        Assert.Contains("environment variable workload_ssh_user: no setting has this name; did you mean WORKLOAD_SSH_USER?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_that_is_too_short_names_its_variable_and_is_never_shown()
    {
        var registered = new List<string>();
        var error = Assert.Throws<ConfigurationException>(() => SettingsLoader.Load(new SettingsSources(
            _directory, new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string> { ["WORKLOAD_GRAFANA_ADMIN_PASSWORD"] = "abc" }, registered.Add))).Message;

        Assert.Contains("grafanaAdminPassword: got *** (is 3 characters long), expected a secret of 4 to 4096 characters without control characters (from environment variable WORKLOAD_GRAFANA_ADMIN_PASSWORD)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", error, StringComparison.Ordinal);
        Assert.Empty(registered);
    }

    [Fact]
    public void Host_requirements_are_kept_apart_for_runs_that_reach_no_host()
    {
        var read = SettingsLoader.Read(new SettingsSources(_directory, new Dictionary<string, IReadOnlyList<string>> { ["provider"] = ["existing"] }, new Dictionary<string, string>()));

        Assert.Empty(read.Problems);
        Assert.Equal(2, read.HostProblems.Count);
        Assert.StartsWith("jenkinsAddress: required when provider=existing", read.HostProblems[0], StringComparison.Ordinal);
    }
}
