using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>A file that its checker rejects never goes live: the previous file stays (or comes back), and nothing is left over.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class FileValidationTests(TestbedFixture fixture)
{
    private static readonly FileValidation.Standalone Visudo = new("visudo -cf {path}", "visudo -cf");
    private static readonly FileValidation.InPlace NginxTest = new("nginx -t", "nginx -t");
    private static readonly FileOwnership Sudoers = new("root", "root", "0440");

    [Fact]
    public async Task A_sudoers_drop_in_that_visudo_rejects_never_goes_live()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var path = $"/etc/sudoers.d/restests-{ResourceHost.UniqueId()}";
        await host.ConvergeAsync(new ManagedFile(path, "ubuntu ALL=(root) NOPASSWD: /usr/bin/true\n", Sudoers, Visudo));
        var good = await host.Sha256OfFileAsync(path);

        var error = await host.ApplyFailingAsync(new ManagedFile(path, "ubuntu ALL=(root NOPASSWD /usr/bin/true\n", Sudoers, Visudo));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("visudo -cf", error.Message, StringComparison.Ordinal);
        Assert.Contains("syntax error", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, await host.Sha256OfFileAsync(path));
        Assert.Equal("regular file root:root 440", await host.StatAsync(path));
        Assert.Equal(string.Empty, await host.LeftoversAsync("/etc/sudoers.d"));
        Assert.Equal("root", (await host.Connection.RunAsync("id -un")).EnsureSuccess(host.Host.Name, "sudo after the refused drop-in").Output.Trim());
    }

    [Fact]
    public async Task An_nginx_site_that_nginx_t_rejects_is_taken_back_and_the_previous_one_restored()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        await host.EnsureAsync(new AptPackages("nginx"));
        var id = ResourceHost.UniqueId();
        var path = $"/etc/nginx/conf.d/restests-{id}.conf";
        await host.ConvergeAsync(new ManagedFile(path, $"server {{ listen 18081; return 200 'restests {id}'; }}\n", validation: NginxTest));
        var good = await host.Sha256OfFileAsync(path);

        var error = await host.ApplyFailingAsync(new ManagedFile(path, "server { listen 18081; not_a_directive on; }\n", validation: NginxTest));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("nginx -t", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown directive \"not_a_directive\"", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, await host.Sha256OfFileAsync(path));
        Assert.Equal(string.Empty, await host.LeftoversAsync("/etc/nginx"));
        await host.RootAsync("nginx -t");
    }

    [Fact]
    public async Task A_new_nginx_site_that_nginx_t_rejects_is_removed_again()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        await host.EnsureAsync(new AptPackages("nginx"));
        var path = $"/etc/nginx/conf.d/restests-{ResourceHost.UniqueId()}.conf";

        var error = await host.ApplyFailingAsync(new ManagedFile(path, "server { listen 18082; not_a_directive on; }\n", validation: NginxTest));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.False(await host.ExistsAsync(path));
        Assert.Equal(string.Empty, await host.LeftoversAsync("/etc/nginx"));
        await host.RootAsync("nginx -t");
    }

    [Fact]
    public async Task Repointing_an_enabled_site_checks_the_new_configuration_without_the_old_one()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        await host.EnsureAsync(new AptPackages("nginx"));
        var id = ResourceHost.UniqueId();
        var directory = $"/etc/nginx/restests-{id}";
        var link = $"/etc/nginx/sites-enabled/restests-{id}";

        // Both sites claim default_server on one port: nginx -t fails when it sees both at once.
        await host.ConvergeAsync(
            new ManagedFile($"{directory}/blue.conf", "server { listen 18083 default_server; return 200 'blue'; }\n"),
            new ManagedFile($"{directory}/green.conf", "server { listen 18083 default_server; return 200 'green'; }\n"),
            new Symlink(link, $"{directory}/blue.conf", NginxTest));

        var repointed = Assert.Single((await host.ConvergeAsync(new Symlink(link, $"{directory}/green.conf", NginxTest))).Changes);

        Assert.Equal($"point {link} at {directory}/green.conf (was {directory}/blue.conf)", repointed.Summary);
        Assert.Equal($"{directory}/green.conf", (await host.RootAsync($"readlink {link}")).Trim());
        Assert.Equal(string.Empty, await host.LeftoversAsync("/etc/nginx"));
        await host.ConvergeAsync(new Symlink(link, null, NginxTest));
    }

    [Fact]
    public async Task A_link_that_breaks_nginx_t_is_taken_back()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        await host.EnsureAsync(new AptPackages("nginx"));
        var id = ResourceHost.UniqueId();
        var site = $"/etc/nginx/restests-{id}/broken.conf";
        var link = $"/etc/nginx/sites-enabled/restests-{id}";
        await host.ConvergeAsync(new ManagedFile(site, "server { listen 18084; not_a_directive on; }\n"));

        var error = await host.ApplyFailingAsync(new Symlink(link, site, NginxTest));

        Assert.Contains(link, error.Message, StringComparison.Ordinal);
        Assert.Contains("nginx -t", error.Message, StringComparison.Ordinal);
        Assert.False(await host.ExistsAsync(link));
        Assert.Equal(string.Empty, await host.LeftoversAsync("/etc/nginx"));
        await host.RootAsync("nginx -t");
    }
}
