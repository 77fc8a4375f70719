using System.Security.Cryptography;
using System.Text;
using Workload.Hosts;
using Workload.Providers.Local;
using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>
/// The testbed host the resource tests share (one per run; each test works under paths and names of its own), reached
/// as the tool reaches it, with the steps every resource test takes: plan, apply, plan again, look from outside.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ResourceHost(TestbedFixture fixture, TestbedHost host, SshHostConnection connection) : IAsyncDisposable
{
    public const string Purpose = "resources";

    public TestbedHost Host => host;

    public SshHostConnection Connection { get; private set; } = connection;

    public static async Task<ResourceHost> OpenAsync(TestbedFixture fixture)
    {
        var host = await fixture.FreshHostAsync(Purpose);
        return new ResourceHost(fixture, host, await HostAccess.ConnectAsync(fixture, host));
    }

    /// <summary>A short name part no other test (or earlier run on the same host) uses.</summary>
    public static string UniqueId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    public static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>Replaces the connection with a new one (after the old one was cut).</summary>
    public async Task ReconnectAsync()
    {
        await Connection.DisposeAsync();
        Connection = await HostAccess.ConnectAsync(fixture, host);
    }

    public Task<HostPlan> PlanAsync(params Resource[] resources) => HostPlanner.PlanAsync(Connection, resources, CancellationToken.None);

    /// <summary>Plans, checks that there is something to do, and applies; returns the plan that was applied.</summary>
    public async Task<HostPlan> ApplyAsync(params Resource[] resources)
    {
        var plan = await PlanAsync(resources);
        Assert.False(plan.InSync, "expected changes to apply, but the plan is in sync");
        await plan.ApplyAsync(Connection, _ => { }, CancellationToken.None);
        return plan;
    }

    /// <summary>Makes the host have <paramref name="resources"/> (another test may have done so already on this shared host).</summary>
    public async Task EnsureAsync(params Resource[] resources)
    {
        if (!(await PlanAsync(resources)).InSync)
        {
            await ConvergeAsync(resources);
        }
    }

    /// <summary>Plans and applies, expecting the apply to fail on the host; returns the error.</summary>
    public async Task<HostCommandException> ApplyFailingAsync(params Resource[] resources)
    {
        var plan = await PlanAsync(resources);
        return await Assert.ThrowsAsync<HostCommandException>(() => plan.ApplyAsync(Connection, _ => { }, CancellationToken.None));
    }

    /// <summary>
    /// Applies, then plans again: the second plan must be in sync, and planning it must leave the host byte-for-byte
    /// as it was. Returns the first plan, for the test to check what it said.
    /// </summary>
    public async Task<HostPlan> ConvergeAsync(params Resource[] resources)
    {
        var plan = await ApplyAsync(resources);
        await AssertInSyncAsync(resources);
        return plan;
    }

    /// <summary>A plan of <paramref name="resources"/> is in sync, and making it changed nothing on the host.</summary>
    public async Task AssertInSyncAsync(params Resource[] resources)
    {
        var before = await SnapshotAsync();
        var again = await PlanAsync(resources);
        Assert.True(again.InSync, "a second plan still has changes: " + Describe(again));
        Assert.Equal(before, await SnapshotAsync());
    }

    public Task<string> SnapshotAsync() => HostAccess.SnapshotAsync(fixture, host);

    /// <summary>Runs a shell script as root inside the host without SSH, as an observer, and returns its output.</summary>
    public Task<string> RootAsync(string script) => HostAccess.RootAsync(fixture, host, script);

    /// <summary>"regular file root:adm 640", as stat sees the path (without following a final link).</summary>
    public async Task<string> StatAsync(string path) => (await RootAsync($"stat -c '%F %U:%G %a' {Shell.Quote(path)}")).Trim();

    public async Task<string> Sha256OfFileAsync(string path) => (await RootAsync($"sha256sum < {Shell.Quote(path)} | cut -d' ' -f1")).Trim();

    public async Task<bool> ExistsAsync(string path) => (await RootAsync($"if [ -e {Shell.Quote(path)} ] || [ -L {Shell.Quote(path)} ]; then echo yes; fi")).Trim() == "yes";

    /// <summary>The files an interrupted or failed install may leave: our temporary and saved files, and uploads not yet installed.</summary>
    public async Task<string> LeftoversAsync(string directory) =>
        (await RootAsync($"find {Shell.Quote(directory)} /home/ubuntu/.microblog-workload-staging -mindepth 1 -name '*workload-*' -o -path '*/.microblog-workload-staging/*' 2>/dev/null | sort; true")).Trim();

    public static string Describe(HostPlan plan) => string.Join("; ", plan.Changes.Select(c => c.Summary));

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
