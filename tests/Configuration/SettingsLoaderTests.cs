namespace Workload.Tests.Configuration;

public sealed partial class SettingsLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("settings-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Defaults_apply_when_nothing_is_given()
    {
        var settings = Load();

        Assert.Equal("local", settings.Provider);
        Assert.Equal(22, settings.SshPort);
        Assert.Null(settings.ConfigFile);
        Assert.Equal("default", settings.Origins["sshPort"]);
    }

    [Fact]
    public void Argument_beats_environment_beats_file_beats_default()
    {
        WriteConfig("""{ "sshUser": "from-file", "sshPort": 2201, "project": "from-file" }""");

        var settings = Load(
            arguments: new() { ["sshUser"] = ["from-argument"] },
            environment: new() { ["WORKLOAD_SSH_USER"] = "from-environment", ["WORKLOAD_SSH_PORT"] = "2202" });

        Assert.Equal("from-argument", settings.SshUser);
        Assert.Equal(2202, settings.SshPort);
        Assert.Equal("from-file", settings.Project);
        Assert.Equal("default", settings.Origins["provider"]);
        Assert.Equal("argument --sshUser", settings.Origins["sshUser"]);
        Assert.Equal("environment variable WORKLOAD_SSH_PORT", settings.Origins["sshPort"]);
        Assert.Equal("workload.json", settings.Origins["project"]);
    }

    [Fact]
    public void Another_config_file_is_named_by_the_config_argument()
    {
        File.WriteAllText(Path.Combine(_directory, "other.json"), """{ "project": "other" }""");

        Assert.Equal("other", Load(arguments: new() { ["config"] = ["other.json"] }).Project);
    }

    [Fact]
    public void A_named_config_file_that_does_not_exist_is_an_error()
    {
        var error = LoadFails(arguments: new() { ["config"] = ["missing.json"] });

        Assert.Contains("config:", error, StringComparison.Ordinal);
        Assert.Contains("missing.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_key_in_the_file_is_named_with_a_suggestion()
    {
        WriteConfig("""{ "sshUsr": "x" }""");

        var error = LoadFails();

        Assert.Contains("sshUsr: unknown setting (in workload.json, line 1)", error, StringComparison.Ordinal);
        Assert.Contains("did you mean sshUser?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_argument_is_an_error()
    {
        var error = LoadFails(arguments: new() { ["providr"] = ["aws"] });

        Assert.Contains("--providr: unknown setting", error, StringComparison.Ordinal);
        Assert.Contains("did you mean --provider?", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_prefixed_environment_variable_is_an_error()
    {
        var error = LoadFails(environment: new() { ["WORKLOAD_SSH_USR"] = "x" });

        Assert.Contains("WORKLOAD_SSH_USR", error, StringComparison.Ordinal);
        Assert.Contains("WORKLOAD_SSH_USER", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_type_names_the_key_the_value_and_what_was_expected()
    {
        WriteConfig("""{ "sshConnectAttempts": "four" }""");

        var error = LoadFails();

        Assert.Contains("sshConnectAttempts: got \"four\", expected an integer from 1 to 20 (in workload.json, line 1)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_type_from_the_environment_is_named_with_its_variable()
    {
        var error = LoadFails(environment: new() { ["WORKLOAD_PLAN"] = "maybe" });

        Assert.Contains("plan: got \"maybe\", expected true or false (from environment variable WORKLOAD_PLAN)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_out_of_range_is_an_error()
    {
        var error = LoadFails(arguments: new() { ["sshPort"] = ["70000"] });

        Assert.Contains("sshPort: got \"70000\", expected a TCP port from 1 to 65535", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.300")]
    [InlineData("10.0.1")]
    [InlineData("bad host name")]
    [InlineData("-leading-dash.example.com")]
    public void A_malformed_address_is_an_error(string address)
    {
        var error = LoadFails(arguments: new() { ["jenkinsAddress"] = [address], ["provider"] = ["existing"], ["monitoringAddress"] = ["10.0.0.3"] });

        Assert.Contains($"jenkinsAddress: got \"{address}\", expected an IP address or a DNS host name", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.7/32", true)]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("2001:db8::/32", true)]
    [InlineData("10.0.0.1/24", false)]
    [InlineData("10.0.0.0/33", false)]
    [InlineData("10.0.0.0", false)]
    [InlineData("10.0.0/8", false)]
    [InlineData("example.com/24", false)]
    public void Cidr_notation_is_checked_strictly(string text, bool valid)
    {
        Assert.Equal(valid, SettingFormats.IsCidr(text));
    }

    [Fact]
    public void A_referenced_directory_that_does_not_exist_is_an_error()
    {
        var error = LoadFails(arguments: new() { ["app"] = ["no-such-checkout"] });

        Assert.Contains("app: got \"no-such-checkout\" (does not exist), expected the path of an existing directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_referenced_directory_that_exists_is_made_absolute()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "checkout"));

        Assert.Equal(Path.Combine(_directory, "checkout"), Load(arguments: new() { ["app"] = ["checkout"] }).App);
    }

    [Fact]
    public void Invalid_json_is_reported_with_line_and_column()
    {
        WriteConfig("{\n  \"project\": \"x\",\n  \"sshPort\": 22,,\n}");

        var error = LoadFails();

        Assert.Contains("workload.json: invalid JSON at line 3, column 17", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_config_file_that_is_not_an_object_is_an_error()
    {
        WriteConfig("[1, 2]");

        Assert.Contains("expected a JSON object of settings", LoadFails(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_listed_at_once()
    {
        WriteConfig("""{ "provider": "gcp", "sshPort": 0, "unknownThing": 1 }""");

        var exception = Assert.Throws<ConfigurationException>(() => Load());

        Assert.Equal(3, exception.Problems.Count);
        Assert.Contains(exception.Problems, p => p.StartsWith("provider: got \"gcp\", expected one of: local, aws, existing", StringComparison.Ordinal));
    }

    [Fact]
    public void Existing_provider_requires_the_addresses()
    {
        var error = LoadFails(arguments: new() { ["provider"] = ["existing"] });

        Assert.Contains("jenkinsAddress: required when provider=existing", error, StringComparison.Ordinal);
        Assert.Contains("monitoringAddress: required when provider=existing", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_flag_argument_means_true()
    {
        Assert.True(Load(arguments: new() { ["plan"] = [string.Empty] }).Plan);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed_in_the_file()
    {
        WriteConfig("{\n  // the name of this deployment\n  \"project\": \"commented\",\n}");

        Assert.Equal("commented", Load().Project);
    }

    private SettingsSources Sources(
        Dictionary<string, IReadOnlyList<string>>? arguments,
        Dictionary<string, string>? environment) =>
        new(_directory, arguments ?? [], environment ?? []);

    private WorkloadSettings Load(
        Dictionary<string, IReadOnlyList<string>>? arguments = null,
        Dictionary<string, string>? environment = null) =>
        SettingsLoader.Load(Sources(arguments, environment));

    private string LoadFails(
        Dictionary<string, IReadOnlyList<string>>? arguments = null,
        Dictionary<string, string>? environment = null) =>
        Assert.Throws<ConfigurationException>(() => Load(arguments, environment)).Message;

    private void WriteConfig(string json) => File.WriteAllText(Path.Combine(_directory, "workload.json"), json);
}
