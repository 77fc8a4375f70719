using System.Text;
using Workload.Hosts;
using Workload.Providers.Local;

namespace Workload.Tests.Hosts;

/// <summary>The SSH transport against a real host: commands, sudo, uploads, host keys, errors, the host lock.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class SshTransportTests(TestbedFixture fixture)
{
    private Task<TestbedHost> Host() => fixture.FreshHostAsync("transport");

    [Fact]
    public async Task Commands_run_as_root_through_sudo_or_as_the_login_user()
    {
        await using var connection = await HostAccess.ConnectAsync(fixture, await Host());

        Assert.Equal("root", (await connection.RunAsync("id -un")).Output.Trim());
        Assert.Equal("ubuntu", (await connection.RunAsync("id -un", new CommandOptions(AsLoginUser: true))).Output.Trim());
        Assert.False(connection.IsRoot);
    }

    [Fact]
    public async Task Standard_input_reaches_the_command_and_its_exit_code_comes_back()
    {
        await using var connection = await HostAccess.ConnectAsync(fixture, await Host());

        var result = await connection.RunAsync("cat; echo oops >&2; exit 3", new CommandOptions(Input: Encoding.UTF8.GetBytes("hello\n")));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("hello\n", result.Output);
        Assert.Equal("oops\n", result.Error);
    }

    [Fact]
    public async Task Every_command_and_upload_is_one_round_trip_on_one_connection()
    {
        await using var connection = await HostAccess.ConnectAsync(fixture, await Host());

        await connection.RunAsync("true");
        await connection.RunAsync("true");
        await connection.UploadAsync([1, 2, 3], $"/tmp/round-trip-{Guid.NewGuid():N}");

        Assert.Equal(3, connection.RoundTrips);
    }

    [Fact]
    public async Task A_command_that_runs_too_long_fails_naming_its_timeout()
    {
        await using var connection = await HostAccess.ConnectAsync(fixture, await Host());

        var error = await Assert.ThrowsAsync<HostCommandException>(() => connection.RunAsync("sleep 30", new CommandOptions(Timeout: TimeSpan.FromSeconds(2))));

        Assert.Contains("longer than 2 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_host_key_is_refused_showing_both_fingerprints()
    {
        var host = await Host();
        var knownHosts = Path.Combine(fixture.WorkDirectory, $"known_hosts-{Guid.NewGuid():N}");
        var otherKey = await ClientKeyPair.EnsureAsync(Path.Combine(fixture.WorkDirectory, $"other-{Guid.NewGuid():N}"), _ => { }, CancellationToken.None);
        var (type, key) = KnownHostsFile.ParsePublicKey(otherKey);
        new KnownHostsFile(knownHosts).Add(host.Address.ToString(), 22, type, key);
        var endpoint = HostAccess.Endpoint(fixture, host) with { PinnedHostKey = null };

        var error = await Assert.ThrowsAsync<HostConnectionException>(() => SshHostConnection.ConnectAsync(
            endpoint, new HostKeyPolicy(new KnownHostsFile(knownHosts), acceptNew: true), Options(), CancellationToken.None));

        Assert.Contains("HOST KEY CHANGED", error.Message, StringComparison.Ordinal);
        Assert.Contains(KnownHostsFile.Fingerprint(key), error.Message, StringComparison.Ordinal);
        Assert.Contains(KnownHostsFile.Fingerprint(KnownHostsFile.ParsePublicKey(host.HostKey).Key), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_host_is_refused_when_strict_and_recorded_with_accept_new()
    {
        var host = await Host();
        var knownHosts = Path.Combine(fixture.WorkDirectory, $"known_hosts-{Guid.NewGuid():N}");
        var endpoint = HostAccess.Endpoint(fixture, host) with { PinnedHostKey = null };

        var refused = await Assert.ThrowsAsync<HostConnectionException>(() => SshHostConnection.ConnectAsync(
            endpoint, new HostKeyPolicy(new KnownHostsFile(knownHosts), acceptNew: false), Options(), CancellationToken.None));
        Assert.Contains("hostKeyPolicy is strict", refused.Message, StringComparison.Ordinal);

        await using (await SshHostConnection.ConnectAsync(endpoint, new HostKeyPolicy(new KnownHostsFile(knownHosts), acceptNew: true), Options(), CancellationToken.None))
        {
        }

        Assert.Equal(KnownHostsFile.ParsePublicKey(host.HostKey).Key, Assert.Single(new KnownHostsFile(knownHosts).Find(host.Address.ToString(), 22)).Key);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported_with_host_port_user_and_key()
    {
        var endpoint = HostAccess.Endpoint(fixture, await Host()) with { Port = 2 };
        var progress = new List<string>();

        var error = await Assert.ThrowsAsync<HostConnectionException>(() => SshHostConnection.ConnectAsync(
            endpoint, new HostKeyPolicy(new KnownHostsFile(Path.Combine(fixture.WorkDirectory, "kh-refused")), false), Options(progress.Add), CancellationToken.None));

        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.Contains($"ubuntu@{endpoint.Address}:2", error.Message, StringComparison.Ordinal);
        Assert.Contains(fixture.ClientKeyFile, error.Message, StringComparison.Ordinal);
        Assert.Contains("after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.Contains(progress, p => p.Contains("retrying", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_login_is_an_authentication_error_without_retries()
    {
        var endpoint = HostAccess.Endpoint(fixture, await Host()) with { User = "nobody" };

        var error = await Assert.ThrowsAsync<HostConnectionException>(() => SshHostConnection.ConnectAsync(
            endpoint, new HostKeyPolicy(new KnownHostsFile(Path.Combine(fixture.WorkDirectory, $"kh-{Guid.NewGuid():N}")), false), Options(), CancellationToken.None));

        Assert.Contains("authentication failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("nobody@", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("attempts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_private_key_readable_by_others_or_missing_is_refused_before_connecting()
    {
        var host = await Host();
        var loose = Path.Combine(fixture.WorkDirectory, $"loose-{Guid.NewGuid():N}");
        File.Copy(fixture.ClientKeyFile, loose);
        File.SetUnixFileMode(loose, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var policy = new HostKeyPolicy(new KnownHostsFile(Path.Combine(fixture.WorkDirectory, "kh-loose")), false);

        var open = await Assert.ThrowsAsync<HostConnectionException>(() => SshHostConnection.ConnectAsync(
            HostAccess.Endpoint(fixture, host) with { KeyFile = loose }, policy, Options(), CancellationToken.None));
        var missing = await Assert.ThrowsAsync<HostConnectionException>(() => SshHostConnection.ConnectAsync(
            HostAccess.Endpoint(fixture, host) with { KeyFile = loose + ".missing" }, policy, Options(), CancellationToken.None));

        Assert.Contains($"chmod 600 {loose}", open.Message, StringComparison.Ordinal);
        Assert.Contains("mode 0644", open.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist (setting sshPrivateKey)", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_run_waits_for_the_host_lock_and_fails_naming_the_holder()
    {
        var host = await Host();
        await using var first = await HostAccess.ConnectAsync(fixture, host);
        await using var second = await HostAccess.ConnectAsync(fixture, host);
        await first.LockAsync("the first run", TimeSpan.FromSeconds(5), CancellationToken.None);

        var error = await Assert.ThrowsAsync<HostConnectionException>(() => second.LockAsync("the second run", TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.Contains("held its lock for 2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("the first run", error.Message, StringComparison.Ordinal);

        await first.DisposeAsync();
        await second.LockAsync("the second run", TimeSpan.FromSeconds(10), CancellationToken.None);
    }

    [Fact]
    public async Task A_lost_connection_releases_the_lock()
    {
        var host = await Host();
        var first = await HostAccess.ConnectAsync(fixture, host);
        await first.LockAsync("a run that crashes", TimeSpan.FromSeconds(5), CancellationToken.None);

        // The crash: the client's TCP connection dies without a goodbye.
        await HostAccess.RootAsync(fixture, host, HostAccess.CutLoginConnections);
        await using var second = await HostAccess.ConnectAsync(fixture, host);

        await second.LockAsync("the next run", TimeSpan.FromSeconds(20), CancellationToken.None);
        await first.DisposeAsync();
    }

    private static ConnectionOptions Options(Action<string>? progress = null) =>
        new(TimeSpan.FromSeconds(5), 2, TimeSpan.FromMinutes(5), progress);
}
