using Workload.Providers.Aws;

namespace Workload.Tests.Aws;

public sealed class HostKeyTests : IDisposable
{
    private const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBkX3hYlFz2mY0wQbKQJ0kU3W6xgJ5o0xv8n9a3o6Bq4";
    private readonly AwsWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public void ConsoleKeysAreReadBetweenTheMarkersAndEd25519IsPreferred()
    {
        var console = string.Join(
            "\r\n",
            "[  OK  ] Started ssh.service",
            "<14>Nov 24 10:00:00 ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----",
            $"<14>Nov 24 10:00:00 ec2: 256 {SshPublicKey.TryParse(Ed25519)!.Sha256Fingerprint} root@ip-172-31-0-5 (ED25519)",
            "<14>Nov 24 10:00:00 ec2: -----END SSH HOST KEY FINGERPRINTS-----",
            "-----BEGIN SSH HOST KEY KEYS-----",
            "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 root@ip-172-31-0-5",
            Ed25519 + " root@ip-172-31-0-5",
            "-----END SSH HOST KEY KEYS-----",
            "Ubuntu 24.04.1 LTS ip-172-31-0-5 ttyS0");

        var keys = ConsoleHostKeys.Parse(console);

        Assert.Equal(Ed25519, keys.Preferred?.ToString());
        Assert.True(keys.Confirms(keys.Preferred!));
    }

    [Fact]
    public void NothingIsReadBeforeTheBlockIsComplete()
    {
        Assert.Null(ConsoleHostKeys.Parse("-----BEGIN SSH HOST KEY KEYS-----\n" + Ed25519).Preferred);
        Assert.Null(ConsoleHostKeys.Parse(string.Empty).Preferred);
        Assert.Null(ConsoleHostKeys.Parse(null).Preferred);
    }

    [Fact]
    public void GarbledKeyLineIsNotAKey()
    {
        var truncated = Ed25519[..60];

        Assert.Null(SshPublicKey.TryParse(truncated));
        Assert.Null(ConsoleHostKeys.Parse($"{ConsoleHostKeys.KeysBegin}\n{truncated}\n{ConsoleHostKeys.KeysEnd}").Preferred);
    }

    [Fact]
    public void KeyThatItsOwnFingerprintListContradictsIsNotConfirmed()
    {
        var console = $"{ConsoleHostKeys.FingerprintsBegin}\n256 SHA256:{new string('A', 43)} root@host (ED25519)\n{ConsoleHostKeys.FingerprintsEnd}\n" +
            $"{ConsoleHostKeys.KeysBegin}\n{Ed25519}\n{ConsoleHostKeys.KeysEnd}";

        var keys = ConsoleHostKeys.Parse(console);

        Assert.False(keys.Confirms(keys.Preferred!));
    }

    [Fact]
    public async Task PublicKeyIsReadFromAnOpenSshPrivateKeyWithoutDecryptingIt()
    {
        var keyFile = Path.Combine(_world.Directory, "id_ed25519");
        using var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "a passphrase", "-C", "test", "-f", keyFile]);
        await keygen.WaitForExitAsync();
        Assert.Equal(0, keygen.ExitCode);

        var fromPrivate = SshPublicKey.TryFromOpenSshPrivateKey(await File.ReadAllTextAsync(keyFile));
        var fromPublic = SshPublicKey.TryParse(await File.ReadAllTextAsync(keyFile + ".pub"));

        Assert.NotNull(fromPrivate);
        Assert.Equal(fromPublic, fromPrivate);
    }

    [Fact]
    public async Task WithoutKeysOnTheConsoleInTimeStrictPolicyFailsAndSaysHowToGoOn()
    {
        _world.Ec2.KeysPrintedAfter = TimeSpan.FromMinutes(30);
        var settings = _world.Settings(("awsHostKeyTimeoutSeconds", "60"));

        var failure = await Assert.ThrowsAsync<HostKeyUnavailableException>(() => _world.ProvisionAsync(settings, HostRole.Jenkins));

        Assert.Contains("within 60 s", failure.Message, StringComparison.Ordinal);
        Assert.Contains("hostKeyPolicy=accept-new", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_world.Log.Lines, l => l.Contains("waiting for the SSH host keys in the console output", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutKeysOnTheConsoleAcceptNewWarnsAndLeavesTheKeyToTheFirstConnection()
    {
        _world.Ec2.KeysPrintedAfter = TimeSpan.FromMinutes(30);
        var settings = _world.Settings(("awsHostKeyTimeoutSeconds", "60"), ("hostKeyPolicy", "accept-new"));

        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);
        using var provider = _world.Provider(settings);
        var again = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        Assert.Null(record.HostKey);
        Assert.Contains(_world.Log.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("accept-new", StringComparison.Ordinal));
        Assert.True(again.InSync, string.Join("; ", again.Changes));
    }

    [Fact]
    public async Task NitroTypesAskForTheLatestOutputAndGetTheKeysWithinAMinute()
    {
        var settings = _world.Settings(("awsHostKeyTimeoutSeconds", "120"));

        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.Equal(_world.Ec2.InstanceRecords[record.Id].HostKey.ToString(), record.HostKey);
    }

    [Fact]
    public async Task OtherTypesWaitForTheBufferedOutputAndATooShortWaitSaysWhy()
    {
        var tooShort = _world.Settings(("jenkinsInstanceType", "t2.micro"), ("awsHostKeyTimeoutSeconds", "600"));

        var failure = await Assert.ThrowsAsync<HostKeyUnavailableException>(() => _world.ProvisionAsync(tooShort, HostRole.Jenkins));

        Assert.Contains("t2.micro is not a Nitro instance type", failure.Message, StringComparison.Ordinal);
        Assert.Contains("awsHostKeyTimeoutSeconds to 1500", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("UnsupportedOperation", _world.Log.Text, StringComparison.Ordinal);

        var longEnough = _world.Settings(("jenkinsInstanceType", "t2.micro"), ("awsHostKeyTimeoutSeconds", "1500"));
        var record = await _world.ProvisionAsync(longEnough, HostRole.Jenkins);
        Assert.Equal(_world.Ec2.InstanceRecords[record.Id].HostKey.ToString(), record.HostKey);
    }

    [Fact]
    public async Task KeysAreOnlyOnTheFirstBootsConsoleAndARestartedHostSaysSoAtOnce()
    {
        var settings = _world.Settings();
        var first = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        // The state (and so the pinned key) is lost, and the host was stopped and started by hand since.
        File.Delete(settings.StateFile);
        _world.Ec2.Restart(first.Id);
        _world.Ec2.Advance(TimeSpan.FromMinutes(2));
        var started = _world.Ec2.Now;
        using var provider = _world.Provider(settings);
        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);
        var failure = await Assert.ThrowsAsync<HostKeyUnavailableException>(() => provider.ApplyAsync(check, CancellationToken.None));

        Assert.Contains(check.Changes, c => c.StartsWith($"pin the SSH host key of {first.Id}, which its console output does not show", StringComparison.Ordinal));
        Assert.Contains("cloud-init prints them once per instance, at its first boot", failure.Message, StringComparison.Ordinal);
        Assert.Contains("hostKeyPolicy=accept-new", failure.Message, StringComparison.Ordinal);
        Assert.True(_world.Ec2.Now - started < TimeSpan.FromMinutes(2), "the tool waited for keys that cannot come");
    }

    [Fact]
    public async Task PlanSaysTheHostKeyIsStillToBePinnedWhenTheConsoleHasNoneYet()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);
        File.Delete(settings.StateFile);
        _world.Ec2.ConsoleNeverShowsKeys = true;

        using var provider = _world.Provider(settings);
        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        Assert.Contains(check.Changes, c => c.StartsWith("pin the SSH host key of i-", StringComparison.Ordinal));
        Assert.False(check.InSync);
    }

    [Fact]
    public async Task WithAcceptNewARestartedHostWhoseFirstKeyWasRecordedStaysInSync()
    {
        // An image that prints no keys: the console shows a finished boot without them, at once.
        _world.Ec2.ConsoleNeverShowsKeys = true;
        var settings = _world.Settings(("hostKeyPolicy", "accept-new"));
        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        _world.Ec2.Restart(record.Id);
        _world.Ec2.Advance(TimeSpan.FromMinutes(2));
        using var provider = _world.Provider(settings);
        var again = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        Assert.Null(record.HostKey);
        Assert.Contains(_world.Log.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains("shows a finished boot but no SSH host keys", StringComparison.Ordinal));
        Assert.True(again.InSync, string.Join("; ", again.Changes));
    }
}
