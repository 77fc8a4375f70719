using System.Security.Cryptography;
using System.Text;
using Workload.Providers.Local;

namespace Workload.Tests.Testbed;

/// <summary>A fresh host boots, and is reached the way the tool reaches it: SSH as ubuntu, sudo, the host key pinned.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class MachineBootTests(TestbedFixture fixture)
{
    private static readonly string[] BootedStates = ["running", "degraded"];

    [Fact]
    public async Task SshLoginWithThePinnedHostKeyRunsSudoWithoutAPassword()
    {
        var host = await fixture.FreshHostAsync("boot");

        var result = await fixture.SshAsync(host, "sudo -n true && hostname");

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal(host.Name, result.StandardOutput.Trim());
    }

    [Fact]
    public async Task SshRefusesTheHostWhenItsKeyIsNotThePinnedOne()
    {
        var host = await fixture.FreshHostAsync("boot");
        var otherKeyFile = Path.Combine(fixture.WorkDirectory, "other-host-key");
        var otherKey = await ClientKeyPair.EnsureAsync(otherKeyFile, fixture.Log, CancellationToken.None);

        var result = await fixture.SshAsync(host, "true", MachineIdentity.PublicKeyWithoutComment(otherKey));

        Assert.False(result.Succeeded);
        Assert.Contains("Host key verification failed", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePinnedHostKeyIsTheOneSshdHasAndTheOnlyOne()
    {
        var host = await fixture.FreshHostAsync("boot");

        var keys = await fixture.AsRootAsync(host, "sh", "-c", "ls /etc/ssh/ssh_host_*_key; cat /etc/ssh/ssh_host_ed25519_key.pub");

        Assert.True(keys.Succeeded, keys.StandardError);
        var lines = keys.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("/etc/ssh/ssh_host_ed25519_key", lines[0]);
        Assert.Equal(host.HostKey, MachineIdentity.PublicKeyWithoutComment(lines[1]));
        Assert.StartsWith("ssh-ed25519 AAAA", host.HostKey, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHostHasTheProgramsTheTasksRelyOnAndSystemdIsUp()
    {
        var host = await fixture.FreshHostAsync("boot");

        var programs = await fixture.AsRootAsync(host, "sh", "-c", "for p in python3 curl gpg git sudo ip systemctl apt-get ps; do command -v $p || echo missing $p; done");
        var state = await fixture.AsRootAsync(host, "systemctl", "is-system-running");

        Assert.DoesNotContain("missing", programs.StandardOutput, StringComparison.Ordinal);
        Assert.Contains(state.StandardOutput.Trim(), BootedStates);
    }

    [Fact]
    public async Task AFileWrittenOverSshHasTheSameHashOutOfBand()
    {
        var host = await fixture.FreshHostAsync("boot");
        var content = $"written over ssh {Guid.NewGuid()}\n";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

        var written = await fixture.SshAsync(host, $"printf '%s\\n' '{content.TrimEnd()}' | sudo tee /etc/testbed-probe >/dev/null");
        var hashed = await fixture.AsRootAsync(host, "sha256sum", "/etc/testbed-probe");

        Assert.True(written.Succeeded, written.StandardError);
        Assert.Equal(expected, hashed.StandardOutput.Split(' ')[0]);
    }
}
