using System.Net;
using Workload.Providers.Local;

namespace Workload.Tests.Testbed;

/// <summary>The testbed's small pieces that need no root: locks, paths into a host, MACs, options.</summary>
[SupportedOSPlatform("linux")]
public sealed class TestbedBuildingBlockTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("workload-blocks-").FullName;

    [Fact]
    public void AFileLockExcludesASecondHolderUntilReleased()
    {
        var path = Path.Combine(directory, "locks", "a.lock");

        using (var first = FileLock.TryAcquire(path))
        {
            Assert.NotNull(first);
            Assert.Null(FileLock.TryAcquire(path));
        }

        using var again = FileLock.TryAcquire(path);
        Assert.NotNull(again);
    }

    [Fact]
    public void AContainerPathThroughASymbolicLinkIsRefused()
    {
        var root = Path.Combine(directory, "root");
        Directory.CreateDirectory(Path.Combine(root, "home", "ubuntu"));
        Directory.CreateSymbolicLink(Path.Combine(root, "home", "ubuntu", ".ssh"), "/root");

        Assert.Equal(Path.Combine(root, "etc", "hostname"), ContainerPath.Of(root, "/etc/hostname"));
        Assert.Throws<InvalidOperationException>(() => ContainerPath.Of(root, "/home/ubuntu/.ssh/authorized_keys"));
        Assert.Throws<ArgumentException>(() => ContainerPath.Of(root, "/etc/../../outside"));
    }

    [Fact]
    public void StableMacAddressesAreLocallyAdministeredUnicastAndRepeatable()
    {
        var mac = StableMacAddress.For("wl-br0/microblog-jenkins");
        var first = Convert.ToByte(mac[..2], 16);

        Assert.Matches("^([0-9a-f]{2}:){5}[0-9a-f]{2}$", mac);
        Assert.Equal(0x02, first & 0x03);
        Assert.Equal(mac, StableMacAddress.For("wl-br0/microblog-jenkins"));
        Assert.NotEqual(mac, StableMacAddress.For("wl-br0/microblog-monitoring"));
    }

    [Fact]
    public void OptionsComeFromTheSettingsAndBadOnesNameTheSetting()
    {
        var options = LocalTestbedOptions.FromSettings(new WorkloadSettings());

        Assert.Equal(IPAddress.Parse("10.231.0.1"), options.BridgeAddress);
        Assert.Equal(new Uri("http://10.231.0.1:8081/"), options.MirrorUrl);
        Assert.Equal("wl-br0", options.BridgeName);

        var problem = Assert.Throws<ConfigurationException>(() => LocalTestbedOptions.FromSettings(new WorkloadSettings
        {
            LocalBridge = "a-bridge-name-too-long",
            LocalSubnet = "10.231.0.0/30",
        }));
        Assert.Contains("localBridge", problem.Message, StringComparison.Ordinal);
        Assert.Contains("localSubnet", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostKeysArePinnedWithoutTheirComment()
    {
        Assert.Equal("ssh-ed25519 AAAAC3Nz", MachineIdentity.PublicKeyWithoutComment("ssh-ed25519 AAAAC3Nz root@microblog-jenkins\n"));
        Assert.Throws<FormatException>(() => MachineIdentity.PublicKeyWithoutComment("garbage"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
