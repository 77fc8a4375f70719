using Workload.State;

namespace Workload.Tests.State;

public sealed class StateStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("state-tests-").FullName;

    private string StatePath => Path.Combine(_directory, ".workload", "state.json");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_missing_file_is_an_empty_state_of_this_project()
    {
        var state = new StateStore(StatePath, "microblog").Load();

        Assert.Equal("microblog", state.Project);
        Assert.Empty(state.Hosts);
    }

    [Fact]
    public void Saved_hosts_are_read_back_and_no_temporary_file_is_left()
    {
        var store = new StateStore(StatePath, "microblog");
        var state = store.Load();
        state.Hosts["jenkins"] = new HostRecord { Id = "i-0abc", PublicAddress = "203.0.113.10", PrivateAddress = "10.0.0.5", User = "ubuntu", HostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIH59zyTuwV5qpiUbllJesSY6N7HDruDM3Qzl4YpTmwl" };

        store.Save(state);
        var loaded = store.Load();

        Assert.Equal("10.0.0.5", loaded.Hosts["jenkins"].PrivateAddress);
        Assert.Equal("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIH59zyTuwV5qpiUbllJesSY6N7HDruDM3Qzl4YpTmwl", loaded.Hosts["jenkins"].HostKey);
        Assert.Equal(["state.json"], Directory.GetFiles(Path.GetDirectoryName(StatePath)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_corrupt_file_is_an_error_and_is_left_as_it_is()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        File.WriteAllText(StatePath, "{ \"format\": ");

        var error = Assert.Throws<StateFileException>(() => new StateStore(StatePath, "microblog").Load());

        Assert.Contains("is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Equal("{ \"format\": ", File.ReadAllText(StatePath));
    }

    [Fact]
    public void A_foreign_file_is_an_error()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        File.WriteAllText(StatePath, """{ "format": "terraform", "hosts": {} }""");

        var error = Assert.Throws<StateFileException>(() => new StateStore(StatePath, "microblog").Load());

        Assert.Contains("is not one of this tool's", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_projects_file_is_an_error()
    {
        var other = new StateStore(StatePath, "other");
        other.Save(other.Load());

        var error = Assert.Throws<StateFileException>(() => new StateStore(StatePath, "microblog").Load());

        Assert.Contains("belongs to project 'other'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("publicAddress", "\"203.0.113.10\\nProxyCommand sh\"", "hosts.jenkins.publicAddress")]
    [InlineData("publicAddress", "\"bücher.example\"", "hosts.jenkins.publicAddress")]
    [InlineData("privateAddress", "\"10.0.0.5:9100\"", "hosts.jenkins.privateAddress")]
    [InlineData("user", "\"ubuntu\\nroot\"", "hosts.jenkins.user")]
    [InlineData("user", "\"\"", "hosts.jenkins.user")]
    [InlineData("port", "70000", "hosts.jenkins.port")]
    [InlineData("keyFile", "\"relative/key\"", "hosts.jenkins.keyFile")]
    [InlineData("hostKey", "\"ssh-ed25519 not-base64\"", "hosts.jenkins.hostKey")]
    [InlineData("hostKey", "\"ssh-dss AAAAB3NzaC1kc3MAAACBAP\"", "hosts.jenkins.hostKey")]
    [InlineData("id", "\"i-0abc; id\"", "hosts.jenkins.id")]
    public void A_value_the_tool_would_not_write_is_refused_naming_its_field_and_the_file_is_left(string field, string json, string named)
    {
        var good = new Dictionary<string, string>
        {
            ["id"] = "\"i-0abc\"",
            ["publicAddress"] = "\"203.0.113.10\"",
            ["privateAddress"] = "\"10.0.0.5\"",
            ["user"] = "\"ubuntu\"",
            ["port"] = "22",
            ["keyFile"] = "\"/root/.ssh/id_ed25519\"",
            ["hostKey"] = "\"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIH59zyTuwV5qpiUbllJesSY6N7HDruDM3Qzl4YpTmwl\"",
        };
        good[field] = json;
        var text = "{ \"format\": \"microblog-workload-state/1\", \"project\": \"microblog\", \"provider\": \"aws\", \"hosts\": { \"jenkins\": { "
            + string.Join(", ", good.Select(p => $"\"{p.Key}\": {p.Value}")) + " } } }";
        Directory.CreateDirectory(Path.GetDirectoryName(StatePath)!);
        File.WriteAllText(StatePath, text);

        var error = Assert.Throws<StateFileException>(() => new StateStore(StatePath, "microblog").Load());

        Assert.Contains(StatePath, error.Message, StringComparison.Ordinal);
        Assert.Contains(named + ": got", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", error.Message, StringComparison.Ordinal);
        Assert.Equal(text, File.ReadAllText(StatePath));
    }

    [Fact]
    public void A_state_file_that_is_not_a_regular_file_is_named()
    {
        Directory.CreateDirectory(StatePath);

        var error = Assert.Throws<StateFileException>(() => new StateStore(StatePath, "microblog").Load());

        Assert.Contains($"The state file '{StatePath}' is a directory, not a file", error.Message, StringComparison.Ordinal);
    }
}
