using Workload.Hosts;
using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>
/// Every kind of resource against a real host: the first run says what it changes in a user's words (files with a
/// unified diff) and makes it, a second plan is in sync and changes nothing, and the result is checked from outside.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class ResourceTests(TestbedFixture fixture)
{
    [Fact]
    public async Task A_package_is_installed_then_in_sync()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);

        var plan = await host.ConvergeAsync(new AptPackages("tree"));

        Assert.StartsWith("install package tree", Assert.Single(plan.Changes).Summary, StringComparison.Ordinal);
        Assert.Equal("ii ", await host.RootAsync("dpkg-query -W -f='${db:Status-Abbrev}' tree"));

        // Pinned at the version it has: in sync; at another: the install of that version is planned.
        var version = await host.RootAsync("dpkg-query -W -f='${Version}' tree");
        Assert.True((await host.PlanAsync(new AptPackages($"tree={version}"))).InSync);
        Assert.StartsWith("install package tree=0.1-1", Assert.Single((await host.PlanAsync(new AptPackages("tree=0.1-1"))).Changes).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_package_service_runs_with_our_config_though_the_package_brings_its_own()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var config = new ManagedFile("/etc/memcached.conf", "# restests\n-u memcache\n-l 127.0.0.1\n-p 11299\n-m 16\n");
        Resource[] resources = [new AptPackages("memcached"), config, new SystemdService("memcached", restartWhen: [config])];

        // Before the package is there, the plan already says what follows it.
        var plan = await host.PlanAsync(resources);
        Assert.Equal(
            ["install package memcached", "create file /etc/memcached.conf (0644 root:root)", "enable, restart (after file /etc/memcached.conf) memcached.service (its unit comes with an earlier change)"],
            plan.Changes.Select(c => c.Summary.Replace(" (after apt-get update)", string.Empty, StringComparison.Ordinal)));

        // Once installed, the package's own config is found and shown as the update it is.
        var made = await plan.ApplyAsync(host.Connection, _ => { }, CancellationToken.None);
        var update = Assert.Single(made, c => c.Summary == "update file /etc/memcached.conf (0644 root:root)");
        Assert.Contains("+-p 11299\n", update.Diff, StringComparison.Ordinal);
        Assert.Contains("--- a/etc/memcached.conf", update.Diff, StringComparison.Ordinal);
        await host.AssertInSyncAsync(resources);
        Assert.Contains("127.0.0.1:11299", await host.RootAsync("ss -ltnH 'sport = :11299'"), StringComparison.Ordinal);
        Assert.Equal("active\nenabled\n", await host.RootAsync("systemctl is-active memcached; systemctl is-enabled memcached"));
    }

    [Fact]
    public async Task A_service_that_reloads_serves_the_new_config_without_a_restart()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        await host.EnsureAsync(new AptPackages("nginx"));
        var id = ResourceHost.UniqueId();
        var path = $"/etc/nginx/conf.d/restests-{id}.conf";
        Resource[] Site(string text)
        {
            var site = new ManagedFile(path, $"server {{ listen 18085; return 200 '{text}\n'; }}\n", validation: new FileValidation.InPlace("nginx -t", "nginx -t"));
            return [site, new SystemdService("nginx", reloadWhen: [site])];
        }

        var first = await host.ConvergeAsync(Site($"one {id}"));
        Assert.Equal($"reload (after file {path}) nginx.service", first.Changes[^1].Summary);
        Assert.Equal($"one {id}\n", await host.RootAsync("curl -fsS http://127.0.0.1:18085/"));
        var pid = (await host.RootAsync("systemctl show -p MainPID --value nginx")).Trim();

        var second = await host.ConvergeAsync(Site($"two {id}"));

        Assert.Equal($"reload (after file {path}) nginx.service", second.Changes[^1].Summary);
        Assert.Equal($"two {id}\n", await host.RootAsync("curl -fsS http://127.0.0.1:18085/"));
        Assert.Equal(pid, (await host.RootAsync("systemctl show -p MainPID --value nginx")).Trim());
    }

    [Fact]
    public async Task A_file_is_created_and_updated_with_unified_diffs_then_its_owner_and_mode_set()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var path = $"/etc/restests-{ResourceHost.UniqueId()}/app.conf";
        var readable = new FileOwnership("root", "adm", "0640");

        var created = Assert.Single((await host.ConvergeAsync(new ManagedFile(path, "listen 8080\nworkers 2\n", readable))).Changes);
        Assert.Equal($"create file {path} (0640 root:adm)", created.Summary);
        Assert.Contains("--- /dev/null\n", created.Diff, StringComparison.Ordinal);
        Assert.Contains($"+++ b{path}\n", created.Diff, StringComparison.Ordinal);
        Assert.Contains("+listen 8080\n+workers 2\n", created.Diff, StringComparison.Ordinal);
        Assert.Equal("regular file root:adm 640", await host.StatAsync(path));
        Assert.Equal(ResourceHost.Sha256("listen 8080\nworkers 2\n"), await host.Sha256OfFileAsync(path));

        var updated = Assert.Single((await host.ConvergeAsync(new ManagedFile(path, "listen 8080\nworkers 4\n", readable))).Changes);
        Assert.Equal($"update file {path} (0640 root:adm)", updated.Summary);
        Assert.Contains($"--- a{path}\n", updated.Diff, StringComparison.Ordinal);
        Assert.Contains(" listen 8080\n-workers 2\n+workers 4\n", updated.Diff, StringComparison.Ordinal);
        Assert.Equal(ResourceHost.Sha256("listen 8080\nworkers 4\n"), await host.Sha256OfFileAsync(path));

        var secret = new FileOwnership("root", "root", "0600");
        var chmod = Assert.Single((await host.ConvergeAsync(new ManagedFile(path, "listen 8080\nworkers 4\n", secret))).Changes);
        Assert.Equal($"set file {path}: mode 0640 -> 0600, group adm -> root", chmod.Summary);
        Assert.Null(chmod.Diff);
        Assert.Equal("regular file root:root 600", await host.StatAsync(path));
        Assert.Equal(string.Empty, await host.LeftoversAsync(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task A_file_that_holds_secrets_is_changed_without_showing_its_content()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var path = $"/etc/restests-{ResourceHost.UniqueId()}/secret.env";

        var change = Assert.Single((await host.ConvergeAsync(new ManagedFile(path, "TOKEN=s3cr3t\n", new FileOwnership("root", "root", "0600"), sensitive: true))).Changes);

        Assert.Equal($"create file {path} (0600 root:root) (content not shown: it holds secrets)", change.Summary);
        Assert.Null(change.Diff);
        Assert.Equal(ResourceHost.Sha256("TOKEN=s3cr3t\n"), await host.Sha256OfFileAsync(path));

        // Planning a new secret compares hashes: the old secret never comes back over the connection.
        var recording = new RecordingShell(host.Connection);
        var update = Assert.Single((await HostPlanner.PlanAsync(recording, [new ManagedFile(path, "TOKEN=n3w\n", new FileOwnership("root", "root", "0600"), sensitive: true)], CancellationToken.None)).Changes);
        Assert.Equal($"update file {path} (0600 root:root) (content not shown: it holds secrets)", update.Summary);
        Assert.DoesNotContain(Convert.ToBase64String("TOKEN=s3cr3t\n"u8.ToArray()), recording.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", recording.Output, StringComparison.Ordinal);
    }

    /// <summary>Passes commands on to a host and keeps what they printed.</summary>
    private sealed class RecordingShell(IHostShell inner) : IHostShell
    {
        private readonly System.Text.StringBuilder _output = new();

        public string Output => _output.ToString();

        public string Name => inner.Name;

        public bool IsRoot => inner.IsRoot;

        public int RoundTrips => inner.RoundTrips;

        public async Task<CommandResult> RunAsync(string script, CommandOptions? options = null, CancellationToken cancellationToken = default)
        {
            var result = await inner.RunAsync(script, options, cancellationToken);
            _output.Append(result.Output).Append(result.Error);
            return result;
        }

        public Task UploadAsync(byte[] content, string remotePath, CancellationToken cancellationToken = default) => inner.UploadAsync(content, remotePath, cancellationToken);
    }

    [Fact]
    public async Task A_directory_is_created_with_its_owner_and_mode_then_corrected()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var path = $"/srv/restests-{ResourceHost.UniqueId()}/data";

        var created = Assert.Single((await host.ConvergeAsync(new ManagedDirectory(path, new FileOwnership("nobody", "nogroup", "0750")))).Changes);
        Assert.Equal($"create directory {path} (0750 nobody:nogroup)", created.Summary);
        Assert.Equal("directory nobody:nogroup 750", await host.StatAsync(path));

        var corrected = Assert.Single((await host.ConvergeAsync(new ManagedDirectory(path))).Changes);
        Assert.Equal($"set directory {path}: mode 0750 -> 0755, owner nobody -> root, group nogroup -> root", corrected.Summary);
        Assert.Equal("directory root:root 755", await host.StatAsync(path));
    }

    [Fact]
    public async Task A_link_is_created_repointed_and_removed()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var directory = $"/etc/restests-{ResourceHost.UniqueId()}";
        var link = $"{directory}/current";
        await host.ConvergeAsync(new ManagedFile($"{directory}/a", "a\n"), new ManagedFile($"{directory}/b", "b\n"));

        var created = Assert.Single((await host.ConvergeAsync(new Symlink(link, $"{directory}/a"))).Changes);
        Assert.Equal($"create link {link} -> {directory}/a", created.Summary);
        Assert.Equal($"{directory}/a", (await host.RootAsync($"readlink {link}")).Trim());

        var repointed = Assert.Single((await host.ConvergeAsync(new Symlink(link, $"{directory}/b"))).Changes);
        Assert.Equal($"point {link} at {directory}/b (was {directory}/a)", repointed.Summary);
        Assert.Equal($"{directory}/b", (await host.RootAsync($"readlink {link}")).Trim());

        var removed = Assert.Single((await host.ConvergeAsync(new Symlink(link, null))).Changes);
        Assert.Equal($"remove {link}", removed.Summary);
        Assert.False(await host.ExistsAsync(link));
        Assert.Equal("a\nb\n", await host.RootAsync($"ls -A {directory}"));
    }

    [Fact]
    public async Task A_system_user_is_created_with_its_group_and_no_login()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var name = $"rt{ResourceHost.UniqueId()}";

        var created = Assert.Single((await host.ConvergeAsync(new SystemUser(name, "/nonexistent"))).Changes);

        Assert.Equal($"create system user {name} (home /nonexistent, shell /usr/sbin/nologin)", created.Summary);
        var fields = (await host.RootAsync($"getent passwd {name}")).Trim().Split(':');
        Assert.Equal(("/nonexistent", "/usr/sbin/nologin"), (fields[5], fields[6]));
        Assert.True(int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) < 1000, $"uid {fields[2]} is not a system uid");
        Assert.Equal(name, (await host.RootAsync($"id -gn {name}")).Trim());
        Assert.StartsWith("!", (await host.RootAsync($"getent shadow {name} | cut -d: -f2")).Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_and_its_service_are_installed_enabled_started_and_restarted_when_the_unit_changes()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var service = TestService.Create(ResourceHost.UniqueId());

        var first = await host.ConvergeAsync(service.Resources("1"));

        Assert.Equal(
            [$"create file {service.UnitPath} (0644 root:root)", $"daemon-reload, enable, restart (after file {service.UnitPath}) {service.Unit} (its unit comes with an earlier change)"],
            first.Changes.Select(c => c.Summary));
        Assert.Equal("active\nenabled\n", await host.RootAsync($"systemctl is-active {service.Unit}; systemctl is-enabled {service.Unit}"));
        var pid = await service.MainPidAsync(host);

        var second = await host.ConvergeAsync(service.Resources("2"));

        Assert.Equal($"daemon-reload, restart (after file {service.UnitPath}) {service.Unit}", second.Changes[^1].Summary);
        Assert.Contains("-Environment=VERSION=1\n+Environment=VERSION=2\n", second.Changes[0].Diff, StringComparison.Ordinal);
        Assert.NotEqual(pid, await service.MainPidAsync(host));
        Assert.Equal("VERSION=2", (await host.RootAsync($"systemctl show -p Environment --value {service.Unit}")).Trim());
    }

    [Fact]
    public async Task A_stopped_service_is_started_without_a_restart_of_anything()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var service = TestService.Create(ResourceHost.UniqueId());
        await host.ConvergeAsync(service.Resources("1"));
        await host.RootAsync($"systemctl stop {service.Unit}");

        var started = Assert.Single((await host.ConvergeAsync(service.Resources("1"))).Changes);

        Assert.Equal($"start {service.Unit}", started.Summary);
        Assert.Equal("active\n", await host.RootAsync($"systemctl is-active {service.Unit}"));
    }

    [Fact]
    public async Task Planning_changes_nothing_on_the_host_and_shows_what_it_would_do()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var id = ResourceHost.UniqueId();
        var directory = $"/etc/restests-{id}";
        await host.ConvergeAsync(new ManagedFile($"{directory}/settings.conf", "color = blue\nsize = 1\n"));
        var service = TestService.Create(id);
        Resource[] pending =
        [
            new AptPackages("hello"),
            new ManagedFile($"{directory}/settings.conf", "color = green\nsize = 1\n"),
            new ManagedFile($"{directory}/new.conf", "new\n", new FileOwnership("root", "root", "0600")),
            new ManagedDirectory($"/srv/restests-{id}"),
            new Symlink($"{directory}/link", $"{directory}/settings.conf"),
            new SystemUser($"rp{id}", "/nonexistent"),
            .. service.Resources("1"),
        ];

        var before = await host.SnapshotAsync();
        var plan = await host.PlanAsync(pending);
        var after = await host.SnapshotAsync();

        Assert.Equal(before, after);
        Assert.Equal(pending.Length, plan.Changes.Count);
        var update = Assert.Single(plan.Changes, c => c.Summary == $"update file {directory}/settings.conf (0644 root:root)");
        Assert.Contains("-color = blue\n+color = green\n size = 1\n", update.Diff, StringComparison.Ordinal);
        Assert.Contains(plan.Changes, c => c.Summary.StartsWith("install package hello", StringComparison.Ordinal));
        Assert.Contains(plan.Changes, c => c.Summary == $"create system user rp{id} (home /nonexistent, shell /usr/sbin/nologin)");
    }

    [Fact]
    public async Task Planning_resources_of_every_kind_costs_one_round_trip()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var id = ResourceHost.UniqueId();
        var service = TestService.Create(id);
        Resource[] resources =
        [
            new AptPackages("tree", "hello"),
            .. AptRepository.Create($"restests-{id}", "http://127.0.0.1:9/key", "0123456789ABCDEF0123456789ABCDEF01234567", "http://127.0.0.1:9/repo", "stable main"),
            new ManagedFile($"/etc/restests-{id}/a.conf", "a\n"),
            new ManagedDirectory($"/srv/restests-{id}"),
            new Symlink($"/etc/restests-{id}/link", "/etc/hostname"),
            new SystemUser($"rr{id}", "/nonexistent"),
            new ReleaseDownload($"restests-{id}", "http://127.0.0.1:9/x.tar.gz", null, "http://127.0.0.1:9/sha256sums.txt", [new ArchiveMember("x/x", $"/usr/local/bin/restests-{id}", FileOwnership.RootFile)]),
            .. service.Resources("1"),
        ];
        var before = host.Connection.RoundTrips;

        var plan = await host.PlanAsync(resources);

        Assert.Equal(1, host.Connection.RoundTrips - before);
        Assert.Equal(resources.Length, plan.Items.Count);
    }
}

/// <summary>A small service of a test's own: a unit file (checked with systemd-analyze verify) and the service, restarted when the unit or a config changes.</summary>
[SupportedOSPlatform("linux")]
internal sealed class TestService
{
    private TestService(string id) => Id = id;

    public string Id { get; }

    public string Unit => $"restests-{Id}.service";

    public string UnitPath => $"/etc/systemd/system/{Unit}";

    public static TestService Create(string id) => new(id);

    /// <summary>The unit (with VERSION=<paramref name="version"/> in its environment) and the service, which restarts when the unit or <paramref name="alsoWatch"/> change.</summary>
    public Resource[] Resources(string version, params Resource[] alsoWatch)
    {
        var unit = new ManagedFile(UnitPath, UnitText(version), validation: SystemdVerify.For(Unit));
        return [unit, new SystemdService(Unit, restartWhen: [unit, .. alsoWatch])];
    }

    public async Task<string> MainPidAsync(ResourceHost host)
    {
        var pid = (await host.RootAsync($"systemctl show -p MainPID --value {Unit}")).Trim();
        Assert.NotEqual("0", pid);
        return pid;
    }

    private string UnitText(string version) => $"""
        [Unit]
        Description=restests service {Id}

        [Service]
        Environment=VERSION={version}
        ExecStart=/bin/sleep infinity

        [Install]
        WantedBy=multi-user.target

        """;
}
