using System.Diagnostics;
using Workload.Hosts;

namespace Workload.Tests.Hosts;

/// <summary>Keys as OpenSSH finds them: from a real ssh-agent, and from an encrypted file with its passphrase from the environment.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class SshKeySourcesTests(TestbedFixture fixture) : IDisposable
{
    private const string Passphrase = "correct horse battery";

    private readonly string _directory = CreatePrivateDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_key_served_by_a_real_ssh_agent_logs_in_without_a_key_file()
    {
        var host = await fixture.FreshHostAsync("agent");
        using var agent = RealSshAgent.Start(_directory);
        agent.Add(fixture.ClientKeyFile);

        var endpoint = HostAccess.Endpoint(fixture, host) with { KeyFile = Path.Combine(_directory, "no-key-file") };
        await using var connection = await ConnectAsync(endpoint, new SshAgent(agent.SocketPath), passphrase: null);

        Assert.Equal("root", (await connection.RunAsync("id -un")).Output.Trim());
    }

    [Fact]
    public async Task An_rsa_key_in_the_agent_signs_with_sha2_and_logs_in()
    {
        var host = await fixture.FreshHostAsync("agent-rsa");
        var rsaKey = KeyGen("rsa", "-t", "rsa", "-b", "3072", "-N", string.Empty);
        await HostAccess.RootAsync(fixture, host, $"cat >> /home/ubuntu/.ssh/authorized_keys <<'EOF'\n{File.ReadAllText(rsaKey + ".pub").Trim()}\nEOF");
        using var agent = RealSshAgent.Start(_directory);
        agent.Add(rsaKey);

        var endpoint = HostAccess.Endpoint(fixture, host) with { KeyFile = Path.Combine(_directory, "no-key-file") };
        await using var connection = await ConnectAsync(endpoint, new SshAgent(agent.SocketPath), passphrase: null);

        Assert.Equal("ubuntu", (await connection.RunAsync("id -un", new CommandOptions(AsLoginUser: true))).Output.Trim());
    }

    [Fact]
    public async Task An_encrypted_key_with_its_passphrase_from_the_environment_logs_in()
    {
        var host = await fixture.FreshHostAsync("passphrase");
        var encrypted = EncryptedCopyOfTheClientKey();
        var settings = SettingsLoader.Load(new SettingsSources(_directory, new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string>
        {
            ["WORKLOAD_SSH_KEY_PASSPHRASE"] = Passphrase,
            ["WORKLOAD_SSH_PRIVATE_KEY"] = encrypted,
        }));

        Assert.Equal("***", settings.SshKeyPassphrase!.ToString());
        Assert.Empty(PrivateKeyCheck.Problems(settings.SshPrivateKey, mustExist: true, settings.SshKeyPassphrase, agent: null));
        var endpoint = HostAccess.Endpoint(fixture, host) with { KeyFile = settings.SshPrivateKey };
        await using var connection = await ConnectAsync(endpoint, agent: null, settings.SshKeyPassphrase);

        Assert.Equal("root", (await connection.RunAsync("id -un")).Output.Trim());
    }

    [Fact]
    public void An_encrypted_key_without_a_passphrase_source_is_refused_naming_both_sources()
    {
        var encrypted = EncryptedCopyOfTheClientKey();
        using var agent = RealSshAgent.Start(_directory);

        var problem = Assert.Single(PrivateKeyCheck.Problems(encrypted, mustExist: true, passphrase: null, new SshAgent(agent.SocketPath)));

        Assert.Contains($"{encrypted} is encrypted with a passphrase, and no passphrase source exists: set WORKLOAD_SSH_KEY_PASSPHRASE (setting sshKeyPassphrase), or load the key into an ssh-agent (ssh-add {encrypted}) and set SSH_AUTH_SOCK", problem, StringComparison.Ordinal);
        Assert.Contains("holds no key", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_encrypted_key_is_fine_when_the_agent_holds_a_key()
    {
        var encrypted = EncryptedCopyOfTheClientKey();
        using var agent = RealSshAgent.Start(_directory);
        agent.Add(fixture.ClientKeyFile);

        Assert.Empty(PrivateKeyCheck.Problems(encrypted, mustExist: true, passphrase: null, new SshAgent(agent.SocketPath)));
        Assert.Single(PrivateKeyCheck.LoginKeys(encrypted, passphrase: null, new SshAgent(agent.SocketPath)));
    }

    [Fact]
    public void A_wrong_passphrase_is_named_without_showing_it()
    {
        var encrypted = EncryptedCopyOfTheClientKey();

        var problem = Assert.Single(PrivateKeyCheck.Problems(encrypted, mustExist: true, new Secret("not the passphrase"), agent: null));

        Assert.Contains("could not be opened with the passphrase in WORKLOAD_SSH_KEY_PASSPHRASE", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_key_file_with_an_empty_agent_says_so()
    {
        using var agent = RealSshAgent.Start(_directory);
        var missing = Path.Combine(_directory, "missing");

        var problem = Assert.Single(PrivateKeyCheck.Problems(missing, mustExist: true, passphrase: null, new SshAgent(agent.SocketPath)));

        Assert.Equal($"the private key file {missing} does not exist, and the SSH agent at {agent.SocketPath} (SSH_AUTH_SOCK) holds no key", problem);
    }

    private static Task<SshHostConnection> ConnectAsync(HostEndpoint endpoint, SshAgent? agent, Secret? passphrase) =>
        SshHostConnection.ConnectAsync(
            endpoint,
            new HostKeyPolicy(new KnownHostsFile(Path.Combine(Path.GetTempPath(), $"known_hosts-{Guid.NewGuid():N}")), acceptNew: false),
            new ConnectionOptions(TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(2)) { Agent = agent, KeyPassphrase = passphrase },
            CancellationToken.None);

    private string EncryptedCopyOfTheClientKey()
    {
        var copy = Path.Combine(_directory, $"encrypted-{Guid.NewGuid():N}");
        File.Copy(fixture.ClientKeyFile, copy);
        File.SetUnixFileMode(copy, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Run("ssh-keygen", "-q", "-p", "-P", string.Empty, "-N", Passphrase, "-f", copy);
        return copy;
    }

    private string KeyGen(string name, params string[] arguments)
    {
        var path = Path.Combine(_directory, name);
        Run("ssh-keygen", [.. arguments, "-q", "-f", path]);
        return path;
    }

    private static void Run(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error}");
    }

    private static string CreatePrivateDirectory()
    {
        var directory = Directory.CreateTempSubdirectory("workload-keys-").FullName;
        File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return directory;
    }
}
