using System.Security.Cryptography;
using Workload.Providers.Local;

namespace Workload.Tests.Testbed;

/// <summary>The local provider says what it would do without doing it, then provisions a host the tool can log in to with the pinned key.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class LocalHostProviderTests(TestbedFixture fixture)
{
    [Fact]
    public async Task CheckChangesNothingThenApplyProvisionsAHostWhoseRecordLogsIn()
    {
        var options = fixture.Testbed.Options;
        var project = $"wlt-prov{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
        var keyFile = Path.Combine(fixture.WorkDirectory, "provider", "id_ed25519");
        var settings = new WorkloadSettings
        {
            Project = project,
            SshPrivateKey = keyFile,
            LocalStateDirectory = options.StateDirectory,
            LocalRootfsCache = options.RootfsCache,
            LocalSubnet = options.Subnet.ToString(),
            LocalBridge = options.BridgeName,
            LocalMirrorDirectory = options.MirrorDirectory,
            LocalDebianRelease = options.Release.Number,
        };
        var provider = new LocalHostProvider(settings, fixture.Log);
        var name = LocalHostProvider.MachineName(project, HostRole.Jenkins);
        fixture.TrackHost(name);

        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        Assert.Equal($"{project}-jenkins", name);
        Assert.Null(check.Existing);
        Assert.Contains($"create machine {name} ({options.Release.Name})", check.Changes);
        Assert.Contains($"generate SSH client key {keyFile}", check.Changes);
        Assert.False(File.Exists(keyFile));
        Assert.False(fixture.Testbed.InspectHost(name).Exists);
        Assert.DoesNotContain(name, fixture.Testbed.HostNames());

        var record = await provider.ApplyAsync(check, CancellationToken.None);

        Assert.Equal(name, record.Id);
        Assert.Equal(record.PublicAddress, record.PrivateAddress);
        Assert.True(options.Subnet.Contains(System.Net.IPAddress.Parse(record.PublicAddress)));
        Assert.Equal(("ubuntu", 22, keyFile), (record.User, record.Port, record.KeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!));
        var hostKeyInHost = await fixture.Testbed.RunAsRootAsync(name, ["cat", "/etc/ssh/ssh_host_ed25519_key.pub"], CancellationToken.None);
        Assert.Equal(MachineIdentity.PublicKeyWithoutComment(hostKeyInHost.StandardOutput), record.HostKey);
        var login = await OpenSsh.RunAsync(record.PublicAddress, record.KeyFile, record.HostKey!, fixture.WorkDirectory, "sudo -n true && hostname");
        Assert.True(login.Succeeded, login.StandardError);
        Assert.Equal(name, login.StandardOutput.Trim());

        var inSync = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);
        Assert.True(inSync.InSync);
        Assert.Equal(record.HostKey, inSync.Existing!.HostKey);
        Assert.Equal(record.PublicAddress, inSync.Existing.PublicAddress);

        await fixture.Testbed.StopHostAsync(name, CancellationToken.None);
        var stopped = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);
        Assert.Equal([$"start machine {name}"], stopped.Changes);

        var monitoring = await provider.CheckAsync(HostRole.Monitoring, CancellationToken.None);
        Assert.Equal([$"create machine {project}-monitoring ({options.Release.Name})"], monitoring.Changes);
        Assert.False(fixture.Testbed.InspectHost($"{project}-monitoring").Exists);
    }
}
