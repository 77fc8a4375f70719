using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>
/// The mirror's signed apt repositories of TEST DOUBLE packages (jenkins, grafana): a repository is added only with
/// a key of the expected fingerprint, and its packages install from it.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class AptRepositoryTests(TestbedFixture fixture, MirrorFixture mirror)
{
    private string Setting(string key) => mirror.Configuration[key]!.GetValue<string>();

    [Fact]
    public async Task A_signed_repository_is_added_and_its_package_installed_from_it()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var name = $"restests-{ResourceHost.UniqueId()}";
        var fingerprint = Setting("jenkinsKeyFingerprint").Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var repository = AptRepository.Create(name, Setting("jenkinsKeyUrl"), fingerprint, Setting("jenkinsRepositoryUrl"), "binary/");

        var plan = await host.ConvergeAsync([.. repository, new AptPackages(["jenkins"], refreshAfter: repository)]);

        Assert.Equal(
            [
                $"add apt keyring /etc/apt/keyrings/{name}.asc from {Setting("jenkinsKeyUrl")}, accepted only with fingerprint {fingerprint}",
                $"create file /etc/apt/sources.list.d/{name}.list (0644 root:root)",
                "install package jenkins (after apt-get update)",
            ],
            plan.Changes.Select(c => c.Summary));
        Assert.Contains($"+deb [signed-by=/etc/apt/keyrings/{name}.asc] {Setting("jenkinsRepositoryUrl")} binary/\n", plan.Changes[1].Diff, StringComparison.Ordinal);
        Assert.Equal("ii ", await host.RootAsync("dpkg-query -W -f='${db:Status-Abbrev}' jenkins"));
        Assert.Contains(
            Setting("jenkinsRepositoryUrl"),
            await host.RootAsync("apt-cache policy jenkins"),
            StringComparison.Ordinal);
        Assert.Contains(
            $"fpr:::::::::{fingerprint}:",
            await host.RootAsync($"g=$(mktemp -d); GNUPGHOME=$g gpg --batch --show-keys --with-colons /etc/apt/keyrings/{name}.asc; rm -rf $g"),
            StringComparison.Ordinal);
        Assert.False(await host.ExistsAsync(AptPackages.UpdateMarker), "the apt-get update marker is still there after the update");
    }

    [Fact]
    public async Task A_key_with_another_fingerprint_is_refused_and_nothing_is_installed()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var name = $"restests-{ResourceHost.UniqueId()}";
        var expected = Setting("jenkinsKeyFingerprint").Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();
        var actual = Setting("grafanaKeyFingerprint").Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

        // Grafana's repository, but the fingerprint the configuration gives is Jenkins': the key served is not the one expected.
        var repository = AptRepository.Create(name, Setting("grafanaKeyUrl"), expected, Setting("grafanaRepositoryUrl"), "stable main");
        var error = await host.ApplyFailingAsync([.. repository, new AptPackages(["grafana"], refreshAfter: repository)]);

        Assert.Contains(actual, error.Message, StringComparison.Ordinal);
        Assert.Contains($"but {expected} was expected; not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains(Setting("grafanaKeyUrl"), error.Message, StringComparison.Ordinal);
        Assert.False(await host.ExistsAsync($"/etc/apt/keyrings/{name}.asc"));
        Assert.False(await host.ExistsAsync($"/etc/apt/sources.list.d/{name}.list"));
        Assert.Equal(string.Empty, await host.LeftoversAsync("/etc/apt/keyrings"));
        Assert.DoesNotContain("ii", await host.RootAsync("dpkg-query -W -f='${db:Status-Abbrev}' grafana 2>/dev/null; true"), StringComparison.Ordinal);
    }
}
