using System.Diagnostics;
using System.Net;
using Workload.Common;
using Workload.Providers.Local;

namespace Workload.Tests.Testbed;

/// <summary>
/// Teardown leaves nothing behind, as `ip netns`, `mount` and `ps` see it, also after a host's systemd-nspawn was
/// killed (as when a test run is aborted). Uses a testbed of its own so that the shared one is not disturbed.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class TeardownTests(TestbedFixture fixture)
{
    [Fact]
    public async Task TeardownLeavesNoNamespaceMountOrProcessBehind()
    {
        var shared = TestbedFixture.DefaultOptions();
        var options = shared with
        {
            StateDirectory = shared.StateDirectory + "-teardown",
            MirrorDirectory = shared.StateDirectory + "-teardown/mirror",
            BridgeName = shared.BridgeName + "t",
            Subnet = IPNetwork.Parse(Environment.GetEnvironmentVariable("TESTBED_TEARDOWN_SUBNET") is { Length: > 0 } subnet ? subnet : "10.231.101.0/24"),
        };
        var testbed = new LocalTestbed(options, fixture.Log);
        try
        {
            var orderly = await testbed.CreateFreshHostAsync("wlt-down-a", fixture.ClientPublicKey, CancellationToken.None);
            var crashed = await testbed.CreateFreshHostAsync("wlt-down-b", fixture.ClientPublicKey, CancellationToken.None);
            var proxy = testbed.AptProxy.RunningPid;
            var mirror = testbed.Mirror.RunningPid;
            Assert.NotNull(proxy);
            Assert.NotNull(mirror);
            Assert.Contains(options.StateDirectory, await Run("mount"), StringComparison.Ordinal);

            // A run that died without stopping its host: nspawn is killed outright, the container may live on.
            ProcessTable.Signal(crashed.NspawnPid, ProcessSignal.Kill);
            await testbed.TeardownAsync(CancellationToken.None);

            Assert.DoesNotContain(options.BridgeName + "-", await Run("ip", "netns", "list"), StringComparison.Ordinal);
            Assert.DoesNotContain(options.StateDirectory, await Run("mount"), StringComparison.Ordinal);
            Assert.DoesNotContain(options.StateDirectory, await Run("ps", "-eo", "args"), StringComparison.Ordinal);
            Assert.False(Directory.Exists($"/sys/class/net/{options.BridgeName}"));
            foreach (var pid in new[] { orderly.NspawnPid, crashed.NspawnPid, proxy.Value, mirror.Value })
            {
                Assert.False(ProcessTable.IsAlive(pid), $"process {pid} still runs after teardown");
            }

            // What survives teardown is data: the hosts can come back with their disks.
            Assert.True(testbed.InspectHost("wlt-down-a").Exists);
        }
        finally
        {
            foreach (var name in testbed.HostNames())
            {
                await testbed.DestroyHostAsync(name, CancellationToken.None);
            }

            await testbed.TeardownAsync(CancellationToken.None);
            await MountTable.DeleteTreeAsync(options.StateDirectory, CancellationToken.None);
        }
    }

    private static async Task<string> Run(string program, params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(program, arguments, CancellationToken.None);
        Debug.Assert(result.Succeeded, "RunAsync throws on failure");
        return result.StandardOutput;
    }
}
