namespace Workload.Tests.Testbed;

/// <summary>Hosts reach each other and this machine's mirror server, and have no route anywhere else.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class MachineNetworkTests(TestbedFixture fixture)
{
    // Connects to address:port and prints the first line the server sends (an SSH banner).
    private const string ReadBanner =
        "import socket,sys; s=socket.create_connection((sys.argv[1],int(sys.argv[2])),10); print(s.recv(64).decode().splitlines()[0])";

    [Fact]
    public async Task TwoHostsReachEachOthersSshd()
    {
        var first = await fixture.FreshHostAsync("net-a");
        var second = await fixture.FreshHostAsync("net-b");

        var fromFirst = await fixture.AsRootAsync(first, "python3", "-c", ReadBanner, second.Address.ToString(), "22");
        var fromSecond = await fixture.AsRootAsync(second, "python3", "-c", ReadBanner, first.Address.ToString(), "22");

        Assert.NotEqual(first.Address, second.Address);
        Assert.StartsWith("SSH-2.0-", fromFirst.StandardOutput, StringComparison.Ordinal);
        Assert.StartsWith("SSH-2.0-", fromSecond.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostDownloadsFromTheMirrorServerWithHeadAndRangeRequests()
    {
        var host = await fixture.FreshHostAsync("net-a");
        var options = fixture.Testbed.Options;
        var relative = $"testbed-probe/{Guid.NewGuid():N}.txt";
        var file = Path.Combine(options.MirrorDirectory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, "0123456789");
        try
        {
            var url = new Uri(options.MirrorUrl, relative).ToString();
            var whole = await fixture.AsRootAsync(host, "curl", "-fsS", url);
            var part = await fixture.AsRootAsync(host, "curl", "-fsS", "-r", "2-5", url);
            var head = await fixture.AsRootAsync(host, "curl", "-fsSI", url);

            Assert.Equal("0123456789", whole.StandardOutput);
            Assert.Equal("2345", part.StandardOutput);
            Assert.Contains("Content-Length: 10", head.StandardOutput, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task AHostRoutesOnlyIntoTheBridgeAndTheBridgeForwardsNothing()
    {
        var host = await fixture.FreshHostAsync("net-a");
        var options = fixture.Testbed.Options;

        var routes = await fixture.AsRootAsync(host, "ip", "-4", "route", "show");
        var forwarding = await File.ReadAllTextAsync($"/proc/sys/net/ipv4/conf/{options.BridgeName}/forwarding");

        var lines = routes.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, line => line.StartsWith($"default via {options.BridgeAddress} dev eth0", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith($"{options.Subnet} dev eth0", StringComparison.Ordinal));
        Assert.Equal("0", forwarding.Trim());
    }
}
