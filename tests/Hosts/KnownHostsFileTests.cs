using System.Diagnostics;
using Workload.Hosts;

namespace Workload.Tests.Hosts;

/// <summary>known_hosts as OpenSSH writes it: keys made and hashed by the real ssh-keygen.</summary>
public sealed class KnownHostsFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("known-hosts-tests-").FullName;

    private string KnownHosts => Path.Combine(_directory, "known_hosts");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Finds_a_plain_entry_by_host_and_by_bracketed_port()
    {
        var (type, key) = NewKey("a");
        File.WriteAllText(KnownHosts, $"10.0.0.5,jenkins.example {type} {Convert.ToBase64String(key)}\n[10.0.0.6]:2222 {type} {Convert.ToBase64String(key)}\n");
        var file = new KnownHostsFile(KnownHosts);

        Assert.Single(file.Find("10.0.0.5", 22));
        Assert.Single(file.Find("jenkins.example", 22));
        Assert.Single(file.Find("10.0.0.6", 2222));
        Assert.Empty(file.Find("10.0.0.6", 22));
        Assert.Equal(key, file.Find("10.0.0.5", 22)[0].Key);
    }

    [Fact]
    public void Finds_an_entry_hashed_by_ssh_keygen()
    {
        var (type, key) = NewKey("b");
        File.WriteAllText(KnownHosts, $"10.0.0.7 {type} {Convert.ToBase64String(key)}\n");
        Run("ssh-keygen", "-H", "-f", KnownHosts);
        Assert.StartsWith("|1|", File.ReadAllText(KnownHosts), StringComparison.Ordinal);

        var found = new KnownHostsFile(KnownHosts).Find("10.0.0.7", 22);

        Assert.Equal(key, Assert.Single(found).Key);
        Assert.Empty(new KnownHostsFile(KnownHosts).Find("10.0.0.8", 22));
    }

    [Fact]
    public void Wildcards_and_negations_follow_OpenSSH()
    {
        var (type, key) = NewKey("c");
        File.WriteAllText(KnownHosts, $"10.231.0.*,!10.231.0.9 {type} {Convert.ToBase64String(key)}\n");
        var file = new KnownHostsFile(KnownHosts);

        Assert.Single(file.Find("10.231.0.2", 22));
        Assert.Empty(file.Find("10.231.0.9", 22));
        Assert.Empty(file.Find("10.231.1.2", 22));
    }

    [Fact]
    public void The_fingerprint_is_the_one_ssh_keygen_prints()
    {
        var (_, key) = NewKey("d");

        var printed = Run("ssh-keygen", "-l", "-E", "sha256", "-f", Path.Combine(_directory, "d.pub"));

        Assert.Contains(KnownHostsFile.Fingerprint(key), printed, StringComparison.Ordinal);
    }

    [Fact]
    public void Pin_replaces_the_entries_for_that_host_only_and_ssh_keygen_can_read_the_result()
    {
        var (type, oldKey) = NewKey("e");
        var (_, newKey) = NewKey("f");
        File.WriteAllText(KnownHosts, $"# comment kept\n10.0.0.5 {type} {Convert.ToBase64String(oldKey)}\n10.0.0.6 {type} {Convert.ToBase64String(oldKey)}\n");
        Run("ssh-keygen", "-H", "-f", KnownHosts);
        var file = new KnownHostsFile(KnownHosts);

        file.Pin("10.0.0.5", 22, type, newKey);

        Assert.Equal(newKey, Assert.Single(file.Find("10.0.0.5", 22)).Key);
        Assert.Equal(oldKey, Assert.Single(file.Find("10.0.0.6", 22)).Key);
        Assert.Contains(KnownHostsFile.Fingerprint(newKey), Run("ssh-keygen", "-F", "10.0.0.5", "-l", "-f", KnownHosts), StringComparison.Ordinal);
    }

    [Fact]
    public void Policy_trusts_a_known_key_refuses_a_changed_one_with_both_fingerprints_and_refuses_unknown_when_strict()
    {
        var (type, known) = NewKey("g");
        var (_, other) = NewKey("h");
        File.WriteAllText(KnownHosts, $"10.0.0.5 {type} {Convert.ToBase64String(known)}\n");
        var endpoint = new HostEndpoint("jenkins", "10.0.0.5", 22, "ubuntu", "/keys/id");
        var strict = new HostKeyPolicy(new KnownHostsFile(KnownHosts), acceptNew: false);

        Assert.Null(strict.Check(endpoint, type, known));
        var changed = strict.Check(endpoint, type, other);
        Assert.NotNull(changed);
        Assert.Contains("HOST KEY CHANGED", changed, StringComparison.Ordinal);
        Assert.Contains(KnownHostsFile.Fingerprint(known), changed, StringComparison.Ordinal);
        Assert.Contains(KnownHostsFile.Fingerprint(other), changed, StringComparison.Ordinal);

        var unknown = strict.Check(endpoint with { Address = "10.0.0.6" }, type, other);
        Assert.Contains("hostKeyPolicy is strict", unknown, StringComparison.Ordinal);
        Assert.Empty(new KnownHostsFile(KnownHosts).Find("10.0.0.6", 22));
    }

    [Fact]
    public void Accept_new_records_an_unknown_host_but_still_refuses_a_changed_key()
    {
        var (type, known) = NewKey("i");
        var (_, other) = NewKey("j");
        File.WriteAllText(KnownHosts, $"10.0.0.5 {type} {Convert.ToBase64String(known)}\n");
        var endpoint = new HostEndpoint("jenkins", "10.0.0.6", 22, "ubuntu", "/keys/id");
        var acceptNew = new HostKeyPolicy(new KnownHostsFile(KnownHosts), acceptNew: true);

        Assert.Null(acceptNew.Check(endpoint, type, other));
        Assert.Equal(other, Assert.Single(new KnownHostsFile(KnownHosts).Find("10.0.0.6", 22)).Key);
        Assert.NotNull(acceptNew.Check(endpoint with { Address = "10.0.0.5" }, type, other));
    }

    [Fact]
    public void A_revoked_key_is_refused()
    {
        var (type, key) = NewKey("k");
        File.WriteAllText(KnownHosts, $"@revoked * {type} {Convert.ToBase64String(key)}\n");
        var policy = new HostKeyPolicy(new KnownHostsFile(KnownHosts), acceptNew: true);

        Assert.Contains("@revoked", policy.Check(new HostEndpoint("jenkins", "10.0.0.5", 22, "ubuntu", "/k"), type, key), StringComparison.Ordinal);
    }

    private (string Type, byte[] Key) NewKey(string name)
    {
        var path = Path.Combine(_directory, name);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", string.Empty, "-C", name, "-f", path);
        return KnownHostsFile.ParsePublicKey(File.ReadAllText(path + ".pub"));
    }

    private static string Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', args)}: {output}");
        return output;
    }
}
