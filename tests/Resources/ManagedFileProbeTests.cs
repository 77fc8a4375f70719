using System.Security.Cryptography;
using System.Text;
using Workload.Resources;

namespace Workload.Tests.Resources;

/// <summary>
/// What <see cref="ManagedFile"/>'s probe asks of the host and how its plan reads the answer: the content travels only
/// to show a diff, and nothing derived from a secret file's wanted content goes to the host.
/// </summary>
public sealed class ManagedFileProbeTests
{
    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void The_content_is_asked_for_only_when_the_hash_differs_from_the_wanted_one()
    {
        var probe = new ManagedFile("/etc/app.conf", "port = 80\n").Probe();

        Assert.Contains($"[ \"$h\" != {Sha256("port = 80\n")} ]; then echo content=", probe, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_files_probe_carries_no_hash_of_its_content_and_never_asks_for_the_content()
    {
        const string secret = "SECRET_KEY=0123456789abcdef\n";

        var probe = new ManagedFile("/etc/app.env", secret, sensitive: true).Probe();

        Assert.DoesNotContain(Sha256(secret), probe, StringComparison.Ordinal);
        Assert.DoesNotContain("content=", probe, StringComparison.Ordinal);
        Assert.DoesNotContain("base64", probe, StringComparison.Ordinal);
    }

    [Fact]
    public void A_differing_file_larger_than_the_diff_limit_is_shown_as_too_large()
    {
        var file = new ManagedFile("/srv/big.txt", "small\n");
        var large = new string('x', 256 * 1024) + "y";
        string[] facts = ["exists=1", "type=regular file", "owner=root", "group=root", "mode=644", $"size={large.Length}", $"sha256={Sha256(large)}", "content=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(large))];

        var change = Assert.Single(RecordedHost.Plan([file], facts).Changes);

        Assert.Contains("(too large to show)", change.Diff, StringComparison.Ordinal);
        Assert.DoesNotContain("xxxx", change.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void A_differing_file_within_the_limit_is_diffed_against_its_content()
    {
        var file = new ManagedFile("/etc/app.conf", "port = 80\n");
        string[] facts = ["exists=1", "type=regular file", "owner=root", "group=root", "mode=644", "size=10", $"sha256={Sha256("port = 81\n")}", "content=" + Convert.ToBase64String(Encoding.UTF8.GetBytes("port = 81\n"))];

        var change = Assert.Single(RecordedHost.Plan([file], facts).Changes);

        Assert.Contains("-port = 81", change.Diff, StringComparison.Ordinal);
        Assert.Contains("+port = 80", change.Diff, StringComparison.Ordinal);
    }
}
