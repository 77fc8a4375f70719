using Workload.Hosts;
using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>
/// A remembered read (<see cref="ProbeScripts.Memo"/>) on a real host's sh, stat and filesystem: answered without
/// running its command while its files are as they were, run again after any change to them, never remembered when
/// it failed, and kept root only.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class ProbeMemoTests(TestbedFixture fixture)
{
    [Fact]
    public async Task A_remembered_read_runs_again_only_when_its_files_change()
    {
        var host = await fixture.FreshHostAsync("memo");
        await HostAccess.RootAsync(fixture, host, "mkdir -p /srv/memo && echo one > /srv/memo/a && rm -f /srv/memo-runs");
        // The command counts its runs (a side effect only the test has) and prints the file.
        var read = ProbeScripts.Memo("echo run >> /srv/memo-runs; echo \"a=$(cat /srv/memo/a)\"; echo 'line two'", "/srv/memo/a", "/srv/memo");
        async Task<(string Output, int Runs)> ReadAsync()
        {
            var output = await HostAccess.RootAsync(fixture, host, read);
            var runs = await HostAccess.RootAsync(fixture, host, "wc -l < /srv/memo-runs");
            return (output, int.Parse(runs.Trim(), System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(("a=one\nline two\n", 1), await ReadAsync());
        Assert.Equal(("a=one\nline two\n", 1), await ReadAsync());

        // Written in place with the same size: its times tell.
        await HostAccess.RootAsync(fixture, host, "echo two > /srv/memo/a");
        Assert.Equal(("a=two\nline two\n", 2), await ReadAsync());
        Assert.Equal(("a=two\nline two\n", 2), await ReadAsync());

        // Replaced by a rename with the same content: another inode.
        await HostAccess.RootAsync(fixture, host, "cp -p /srv/memo/a /srv/memo/b && mv /srv/memo/b /srv/memo/a");
        Assert.Equal(("a=two\nline two\n", 3), await ReadAsync());

        // Only a changed mode: the change time tells.
        await HostAccess.RootAsync(fixture, host, "chmod 600 /srv/memo/a");
        Assert.Equal(("a=two\nline two\n", 4), await ReadAsync());

        // Removed: stat's message is the signature, and the read runs again once, then is remembered as missing.
        await HostAccess.RootAsync(fixture, host, "rm /srv/memo/a");
        Assert.Equal(("a=\nline two\n", 5), await ReadAsync());
        Assert.Equal(("a=\nline two\n", 5), await ReadAsync());

        var kept = await HostAccess.RootAsync(fixture, host, $"stat -c '%U %a' {SpeculativeReads.Directory}/memo-*");
        Assert.Equal("root 600", kept.Trim());
    }

    [Fact]
    public async Task A_failed_read_is_not_remembered()
    {
        var host = await fixture.FreshHostAsync("memo-fails");
        await HostAccess.RootAsync(fixture, host, "mkdir -p /srv/memo && echo one > /srv/memo/a && rm -f /srv/memo-runs");
        var read = ProbeScripts.Memo("echo run >> /srv/memo-runs; echo partial; false", "/srv/memo/a");

        await HostAccess.RootAsync(fixture, host, read);
        await HostAccess.RootAsync(fixture, host, read);

        Assert.Equal("2", (await HostAccess.RootAsync(fixture, host, "wc -l < /srv/memo-runs")).Trim());
    }

    [Fact]
    public async Task Without_root_the_read_just_runs()
    {
        var host = await fixture.FreshHostAsync("memo-user");
        var read = ProbeScripts.Memo("echo uid=$(id -u)", "/etc/hostname");
        await HostAccess.RootAsync(fixture, host, $"mkdir -p -m 700 {SpeculativeReads.Directory}");

        var asUser = $"runuser -u ubuntu -- sh -c {Shell.Quote(read)} 2>&1";
        Assert.Equal("uid=1000\n", await HostAccess.RootAsync(fixture, host, asUser));
        Assert.Equal("uid=1000\n", await HostAccess.RootAsync(fixture, host, asUser));
    }

    [Fact]
    public async Task A_managed_files_hash_is_remembered_until_the_file_changes_and_is_never_stale()
    {
        var host = await fixture.FreshHostAsync("memo-file");
        var probe = new ManagedFile("/srv/memo/f", "wanted\n").Probe();
        await HostAccess.RootAsync(fixture, host, $"mkdir -p /srv/memo && echo one > /srv/memo/f && rm -f {SpeculativeReads.Directory}/memo-*");
        async Task<string?> HashAsync(string before = "") =>
            new ResourceFacts((await HostAccess.RootAsync(fixture, host, before + probe)).Split('\n')).Get("sha256");

        Assert.Equal(Sha256("one\n"), await HashAsync());
        // Remembered (the file changed in an earlier clock tick than the read): its signature and hash, root only.
        var kept = await HostAccess.RootAsync(fixture, host, $"stat -c '%U %a' {SpeculativeReads.Directory}/memo-*; tail -n 1 {SpeculativeReads.Directory}/memo-*");
        Assert.Equal($"root 600\n{Sha256("one\n")}\n", kept);
        Assert.Equal(Sha256("one\n"), await HashAsync());

        // Written in place with the same size, and replaced by a rename: each read sees the new content.
        await HostAccess.RootAsync(fixture, host, "echo two > /srv/memo/f");
        Assert.Equal(Sha256("two\n"), await HashAsync());
        await HostAccess.RootAsync(fixture, host, "echo six > /srv/memo/g && mv /srv/memo/g /srv/memo/f");
        Assert.Equal(Sha256("six\n"), await HashAsync());

        // Written right before each read, in the same command (often in the read's own clock tick): never a stale hash.
        for (var i = 0; i < 20; i++)
        {
            var content = $"{i % 10}x\n";
            Assert.Equal(Sha256(content), await HashAsync($"printf '{i % 10}x\\n' > /srv/memo/f\n"));
        }
    }

    [Fact]
    public async Task A_secret_files_hash_is_not_remembered()
    {
        var host = await fixture.FreshHostAsync("memo-secret");
        await HostAccess.RootAsync(fixture, host, $"mkdir -p /srv/memo && echo secret > /srv/memo/s && sleep 1 && rm -rf {SpeculativeReads.Directory}");
        var probe = new ManagedFile("/srv/memo/s", "other\n", sensitive: true).Probe();

        var facts = new ResourceFacts((await HostAccess.RootAsync(fixture, host, probe)).Split('\n'));

        Assert.Equal(Sha256("secret\n"), facts.Get("sha256"));
        Assert.Equal("none", (await HostAccess.RootAsync(fixture, host, $"ls {SpeculativeReads.Directory} 2>/dev/null | grep . || echo none")).Trim());
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
