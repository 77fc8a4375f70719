using System.Diagnostics;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>
/// An apt key that expired after it was fetched, on a real host: as Grafana's did on 2025-08-22 before Grafana
/// renewed it under the same fingerprint. The keyring still holds the pinned fingerprint, yet apt refuses the
/// repository; the tool sees it as drift and fetches the renewed key, keeps only the pinned key of a bundle,
/// and never installs a key that is expired where it is served.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class AptKeyringExpiryTests(TestbedFixture fixture) : IDisposable
{
    private readonly string _served = Path.Combine(fixture.Testbed.Options.MirrorDirectory, "keytests", ResourceHost.UniqueId());
    private readonly string _gnupg = Directory.CreateTempSubdirectory("workload-keytests-").FullName;

    public void Dispose()
    {
        using (var agent = Process.Start("gpgconf", ["--homedir", _gnupg, "--kill", "all"]))
        {
            agent.WaitForExit();
        }

        Directory.Delete(_gnupg, recursive: true);
        if (Directory.Exists(_served))
        {
            Directory.Delete(_served, recursive: true);
        }
    }

    [Fact]
    public async Task A_key_that_expired_on_the_host_is_fetched_again_renewed_and_only_the_pinned_key_is_kept()
    {
        var (fingerprint, expired, renewed) = ExpiredAndRenewedKey();
        var other = OtherKey();
        await using var host = await ResourceHost.OpenAsync(fixture);
        var name = $"keytests-{ResourceHost.UniqueId()}";
        var keyring = new AptKeyring(name, Serve("bundle.asc", renewed + other), fingerprint);

        // What a host fetched before the key's expiry: the right fingerprint, expired since 2020-12-31 (a year after 2020-01-01).
        await host.RootAsync($"install -d -m 0755 /etc/apt/keyrings && printf '%s' {Shell.Quote(expired)} > /etc/apt/keyrings/{name}.asc");
        var plan = await host.PlanAsync(keyring);
        Assert.Equal(
            [$"fetch apt keyring /etc/apt/keyrings/{name}.asc again from {ServedUrl("bundle.asc")}: the key {fingerprint} there expired on 2020-12-31, so apt refuses the repository (EXPKEYSIG)"],
            plan.Changes.Select(c => c.Summary));

        await host.ConvergeAsync(keyring);

        var listing = await host.RootAsync($"g=$(mktemp -d); GNUPGHOME=$g gpg --batch --show-keys --with-colons /etc/apt/keyrings/{name}.asc; rm -rf $g");
        Assert.Equal([fingerprint], listing.Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).Distinct());
        Assert.Contains("pub:-:", listing, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_that_is_expired_where_it_is_served_is_never_installed()
    {
        var (fingerprint, expired, _) = ExpiredAndRenewedKey();
        await using var host = await ResourceHost.OpenAsync(fixture);
        var name = $"keytests-{ResourceHost.UniqueId()}";
        var keyring = new AptKeyring(name, Serve("expired.asc", expired), fingerprint);

        var error = await host.ApplyFailingAsync(keyring);

        Assert.Contains($"the key {fingerprint} at {ServedUrl("expired.asc")} expired on 2020-12-31; not installed", error.Message, StringComparison.Ordinal);
        Assert.False(await host.ExistsAsync($"/etc/apt/keyrings/{name}.asc"));
    }

    /// <summary>A key made "in 2020" that expired a year later, exported then, and the same key renewed today.</summary>
    private (string Fingerprint, string Expired, string Renewed) ExpiredAndRenewedKey()
    {
        Gpg("--faked-system-time", "20200101T000000", "--quick-gen-key", "Expiring test key (test only) <expiring@testbed.invalid>", "ed25519", "sign", "1y");
        var fingerprint = Fingerprints().Single();
        var expired = Gpg("--armor", "--export", fingerprint);
        Gpg("--quick-set-expire", fingerprint, "2y");
        return (fingerprint, expired, Gpg("--armor", "--export", fingerprint));
    }

    /// <summary>Another, valid key, as a publisher's bundle holds the keys before the current one.</summary>
    private string OtherKey()
    {
        var before = Fingerprints();
        Gpg("--quick-gen-key", "Other test key (test only) <other@testbed.invalid>", "ed25519", "sign", "1y");
        return Gpg("--armor", "--export", Fingerprints().Except(before).Single());
    }

    private List<string> Fingerprints() =>
        Gpg("--with-colons", "--list-keys").Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).ToList();

    private string Serve(string file, string content)
    {
        Directory.CreateDirectory(_served);
        File.WriteAllText(Path.Combine(_served, file), content);
        return ServedUrl(file);
    }

    private string ServedUrl(string file) =>
        new Uri(fixture.Testbed.Options.MirrorUrl, Path.GetRelativePath(fixture.Testbed.Options.MirrorDirectory, Path.Combine(_served, file)).Replace('\\', '/')).ToString();

    private string Gpg(params string[] arguments) =>
        Run("gpg", ["--homedir", _gnupg, "--batch", "--passphrase", string.Empty, "--pinentry-mode", "loopback", .. arguments]);

    private static string Run(string program, params string[] arguments)
    {
        var (exitCode, output, error) = ProgramRun.Run(program, arguments);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)}: {error}");
        return output;
    }
}
