using System.Net;
using Workload.Providers.Local;

namespace Workload.Tests.Testbed;

/// <summary>Address allocation: stable per host, distinct between hosts, kept in the state directory. Needs no root.</summary>
[SupportedOSPlatform("linux")]
public sealed class AddressBookTests : IDisposable
{
    private readonly string state = Directory.CreateTempSubdirectory("workload-addresses-").FullName;

    [Fact]
    public void HostsGetDistinctAddressesAfterTheBridgeAndKeepThemAcrossInstances()
    {
        var options = Options("10.231.7.0/24");

        var jenkins = new AddressBook(options).Allocate("jenkins");
        var monitoring = new AddressBook(options).Allocate("monitoring");

        Assert.Equal(IPAddress.Parse("10.231.7.2"), jenkins);
        Assert.Equal(IPAddress.Parse("10.231.7.3"), monitoring);
        Assert.Equal(jenkins, new AddressBook(options).Allocate("jenkins"));
        Assert.Equal(monitoring, new AddressBook(options).Find("monitoring"));
    }

    [Fact]
    public void AReleasedAddressIsGivenAgainAndAFullSubnetIsRefused()
    {
        var book = new AddressBook(Options("10.231.7.0/29"));
        var names = Enumerable.Range(0, 5).Select(i => $"host{i}").ToList();
        var addresses = names.Select(book.Allocate).ToList();

        var full = Assert.Throws<InvalidOperationException>(() => book.Allocate("one-too-many"));
        book.Release("host1");

        Assert.Equal(5, addresses.Distinct().Count());
        Assert.DoesNotContain(IPAddress.Parse("10.231.7.7"), addresses);
        Assert.Contains("localSubnet", full.Message, StringComparison.Ordinal);
        Assert.Equal(addresses[1], book.Allocate("newcomer"));
    }

    [Fact]
    public void AnotherSubnetStartsTheBookOver()
    {
        new AddressBook(Options("10.231.7.0/24")).Allocate("jenkins");

        var moved = new AddressBook(Options("10.231.8.0/24"));

        Assert.Null(moved.Find("jenkins"));
        Assert.Equal(IPAddress.Parse("10.231.8.2"), moved.Allocate("jenkins"));
    }

    public void Dispose() => Directory.Delete(state, recursive: true);

    private LocalTestbedOptions Options(string subnet) => new()
    {
        StateDirectory = state,
        RootfsCache = Path.Combine(state, "rootfs"),
        Subnet = IPNetwork.Parse(subnet),
        BridgeName = "wl-unit0",
        MirrorDirectory = Path.Combine(state, "mirror"),
    };
}
