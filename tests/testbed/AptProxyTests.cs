namespace Workload.Tests.Testbed;

/// <summary>A host installs Debian packages as the tasks do (apt-get through sudo), through the testbed's apt proxy.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class AptProxyTests(TestbedFixture fixture)
{
    [Fact]
    public async Task AptGetInstallsNginxThroughTheProxy()
    {
        var host = await fixture.FreshHostAsync("apt");

        var install = await fixture.SshAsync(host, "sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q nginx");
        var check = await fixture.AsRootAsync(host, "nginx", "-t");
        var active = await fixture.AsRootAsync(host, "systemctl", "is-active", "nginx");
        var requests = await File.ReadAllTextAsync(fixture.Testbed.AptProxy.RequestLog);

        Assert.True(install.Succeeded, install.StandardError);
        Assert.True(check.Succeeded, check.StandardError);
        Assert.Equal("active", active.StandardOutput.Trim());

        // The proxy logs each file it served with the client's address: the package came through it.
        Assert.Contains(
            requests.Split('\n'),
            line => line.Contains($"|{host.Address}|", StringComparison.Ordinal) && line.Contains("/nginx", StringComparison.Ordinal));
    }
}
