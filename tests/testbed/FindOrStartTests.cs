namespace Workload.Tests.Testbed;

/// <summary>Ensuring a host leaves a running one alone, restarts a stopped one with its disk, and "fresh" starts over.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class FindOrStartTests(TestbedFixture fixture)
{
    [Fact]
    public async Task EnsureReturnsARunningHostUnchangedRestartsAStoppedOneWithItsStateAndFreshDiscardsIt()
    {
        var testbed = fixture.Testbed;
        var host = await fixture.FreshHostAsync("restart");
        var marker = await fixture.AsRootAsync(host, "sh", "-c", "echo kept > /root/marker");
        Assert.True(marker.Succeeded, marker.StandardError);

        var found = await testbed.EnsureHostAsync(host.Name, fixture.ClientPublicKey, CancellationToken.None);
        Assert.Equal(host, found);

        await testbed.StopHostAsync(host.Name, CancellationToken.None);
        var stopped = testbed.InspectHost(host.Name);
        Assert.True(stopped.Exists);
        Assert.False(stopped.IsRunning);

        var restarted = await testbed.EnsureHostAsync(host.Name, fixture.ClientPublicKey, CancellationToken.None);
        Assert.NotEqual(host.NspawnPid, restarted.NspawnPid);
        Assert.Equal(host.Address, restarted.Address);
        Assert.Equal(host.HostKey, restarted.HostKey);
        Assert.Equal("kept", (await fixture.AsRootAsync(restarted, "cat", "/root/marker")).StandardOutput.Trim());
        Assert.True((await fixture.SshAsync(restarted, "sudo -n true")).Succeeded);

        var fresh = await testbed.CreateFreshHostAsync(host.Name, fixture.ClientPublicKey, CancellationToken.None);
        Assert.NotEqual(host.HostKey, fresh.HostKey);
        Assert.False((await fixture.AsRootAsync(fresh, "test", "-e", "/root/marker")).Succeeded);
        var login = await fixture.SshAsync(fresh, "hostname");
        Assert.True(login.Succeeded, login.StandardError);
    }
}
