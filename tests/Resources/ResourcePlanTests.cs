using System.Security.Cryptography;
using System.Text;
using Workload.Resources;

namespace Workload.Tests.Resources;

/// <summary>
/// Every kind of resource of tasks/Resources planned on facts recorded from a Debian host, as its probe prints
/// them, without a host: in sync plans nothing; each kind of drift plans the change a user reads in the plan. The
/// real-host tests (tests/Hosts) keep what only a host can prove: that the probes print these facts and that the
/// changes make the host right.
/// </summary>
public sealed class ResourcePlanTests
{
    private const string NginxSite = "server {\n    listen 80;\n}\n";

    // ---- packages ----

    [Fact]
    public void Installed_packages_are_in_sync()
    {
        Assert.Empty(RecordedHost.Summaries(new AptPackages("nginx", "curl"), "pkg=nginx ii  1.26.3-3", "pkg=curl ii  8.14.1-2", "lists=1"));
    }

    [Fact]
    public void A_missing_package_is_installed_and_a_half_installed_one_counts_as_missing()
    {
        Assert.Equal(["install package curl"], RecordedHost.Summaries(new AptPackages("nginx", "curl"), "pkg=nginx ii  1.26.3-3", "lists=1"));
        Assert.Equal(["install packages nginx, curl"], RecordedHost.Summaries(new AptPackages("nginx", "curl"), "pkg=nginx iU  1.26.3-3", "pkg=curl rc  8.14.1-2", "lists=1"));
    }

    [Fact]
    public void Package_lists_are_refreshed_first_when_never_fetched_or_owed()
    {
        Assert.Equal(["install package jq (after apt-get update)"], RecordedHost.Summaries(new AptPackages("jq")));
        Assert.Equal(["install package jq (after apt-get update)"], RecordedHost.Summaries(new AptPackages("jq"), "lists=1", "update_marker=1"));
    }

    [Fact]
    public void A_pinned_version_is_installed_when_another_one_is_there()
    {
        Assert.Empty(RecordedHost.Summaries(new AptPackages("tree=2.2.1-1"), "pkg=tree ii  2.2.1-1", "lists=1"));
        Assert.Equal(["install package tree=2.2.1-1"], RecordedHost.Summaries(new AptPackages("tree=2.2.1-1"), "pkg=tree ii  2.1.0-1", "lists=1"));
    }

    // ---- repositories and keys ----

    [Fact]
    public void A_repository_whose_source_changed_refreshes_the_lists_before_its_package()
    {
        var repository = AptRepository.Create("grafana", "https://apt.grafana.com/gpg.key", Fingerprint, "https://apt.grafana.com", "stable main");
        var keyring = (AptKeyring)repository[0];
        var source = (ManagedFile)repository[1];
        Resource[] resources = [.. repository, new AptPackages(["grafana"], refreshAfter: repository)];

        var plan = RecordedHost.Plan(resources, KeyFacts(keyring, "-", Expires(2030)), FileFacts("deb [signed-by=/etc/apt/keyrings/grafana.asc] https://apt.grafana.com beta main\n"), ["lists=1"]);

        Assert.Equal(["update file /etc/apt/sources.list.d/grafana.list (0644 root:root)", "install package grafana (after apt-get update)"], plan.Changes.Select(c => c.Summary));
        Assert.Contains("+deb [signed-by=/etc/apt/keyrings/grafana.asc] https://apt.grafana.com stable main", plan.Changes[0].Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void Packages_declare_the_update_they_owe_on_the_repository_they_refresh_after()
    {
        var repository = AptRepository.Create("grafana", "https://apt.grafana.com/gpg.key", Fingerprint, "https://apt.grafana.com", "stable main");

        var notifications = new AptPackages(["grafana"], refreshAfter: repository).Notifications;

        Assert.Equal([new Notification(repository[0], AptPackages.UpdateMarker), new Notification(repository[1], AptPackages.UpdateMarker)], notifications);
        Assert.Empty(new AptPackages("grafana").Notifications);
    }

    [Fact]
    public void A_keyring_is_in_sync_with_its_pinned_key_valid_and_fetched_again_otherwise()
    {
        var keyring = new AptKeyring("grafana", "https://apt.grafana.com/gpg.key", Fingerprint);

        Assert.Empty(RecordedHost.Summaries(keyring, KeyFacts(keyring, "-", Expires(2030))));
        Assert.Equal([$"add apt keyring /etc/apt/keyrings/grafana.asc from https://apt.grafana.com/gpg.key, accepted only with fingerprint {Fingerprint}"], RecordedHost.Summaries(keyring));
        Assert.StartsWith("replace apt keyring", Assert.Single(RecordedHost.Summaries(keyring, "exists=1", "now=1764000000", "fpr=0000000000000000000000000000000000000000", "key=0000000000000000000000000000000000000000:-:")), StringComparison.Ordinal);
        Assert.Contains("expired on 2025-01-01", Assert.Single(RecordedHost.Summaries(keyring, KeyFacts(keyring, "-", Expires(2025)))), StringComparison.Ordinal);
        Assert.Contains("was revoked", Assert.Single(RecordedHost.Summaries(keyring, KeyFacts(keyring, "r", string.Empty))), StringComparison.Ordinal);
    }

    // ---- files, directories, links, leftovers ----

    [Fact]
    public void A_file_with_its_content_owner_and_mode_is_in_sync()
    {
        var file = new ManagedFile("/etc/nginx/sites-available/microblog", NginxSite);
        Assert.Empty(RecordedHost.Summaries(file, FileFacts(NginxSite)));
    }

    [Fact]
    public void A_missing_file_is_created_and_another_content_updated_with_a_diff()
    {
        var file = new ManagedFile("/etc/nginx/sites-available/microblog", NginxSite);

        var created = Assert.Single(RecordedHost.Plan([file], ["exists=0"]).Changes);
        Assert.Equal("create file /etc/nginx/sites-available/microblog (0644 root:root)", created.Summary);
        Assert.Contains("+    listen 80;", created.Diff, StringComparison.Ordinal);

        var updated = Assert.Single(RecordedHost.Plan([file], FileFacts("server {\n    listen 8080;\n}\n")).Changes);
        Assert.Equal("update file /etc/nginx/sites-available/microblog (0644 root:root)", updated.Summary);
        Assert.Contains("-    listen 8080;\n+    listen 80;", updated.Diff, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_with_another_owner_or_mode_is_set_right_without_an_upload()
    {
        var file = new ManagedFile("/etc/sudoers.d/microblog-jenkins", "jenkins ALL=(root) NOPASSWD: /usr/bin/systemctl restart gunicorn\n", new FileOwnership("root", "root", "0440"));

        Assert.Equal(["set file /etc/sudoers.d/microblog-jenkins: mode 0644 -> 0440"], RecordedHost.Summaries(file, FileFacts(file.Content, mode: "644")));
        Assert.Equal(["set file /etc/sudoers.d/microblog-jenkins: owner jenkins -> root, group jenkins -> root"], RecordedHost.Summaries(file, FileFacts(file.Content, owner: "jenkins", group: "jenkins", mode: "440")));
    }

    [Fact]
    public void A_file_of_secrets_is_compared_by_hash_and_never_shown()
    {
        var file = new ManagedFile("/etc/microblog.env", "SECRET_KEY=s3cret\n", new FileOwnership("microblog", "microblog", "0600"), sensitive: true);

        var change = Assert.Single(RecordedHost.Plan([file], FileFacts("SECRET_KEY=old\n", owner: "microblog", group: "microblog", mode: "600", withContent: false)).Changes);
        Assert.Equal("update file /etc/microblog.env (0600 microblog:microblog) (content not shown: it holds secrets)", change.Summary);
        Assert.Null(change.Diff);
    }

    [Fact]
    public void A_directory_where_the_file_goes_is_replaced_and_an_interrupted_install_is_done_again()
    {
        var file = new ManagedFile("/etc/prometheus/prometheus.yml", "global: {}\n");

        Assert.Equal(["replace the directory at /etc/prometheus/prometheus.yml with a file (0644 root:root)"], RecordedHost.Summaries(file, "exists=1", "type=directory", "owner=root", "group=root", "mode=755", "size=4096"));
        Assert.Equal(
            ["install file /etc/prometheus/prometheus.yml again: a run was interrupted while installing it and left .prometheus.yml.workload-Ab12Cd"],
            RecordedHost.Summaries(file, [.. FileFacts(file.Content), "leftover=.prometheus.yml.workload-Ab12Cd"]));
    }

    [Fact]
    public void A_directory_is_created_set_right_or_refused_when_something_else_is_there()
    {
        var directory = new ManagedDirectory("/var/lib/prometheus", new FileOwnership("prometheus", "prometheus", "0750"));

        Assert.Empty(RecordedHost.Summaries(directory, "exists=1", "type=directory", "owner=prometheus", "group=prometheus", "mode=750", "size=4096"));
        Assert.Equal(["create directory /var/lib/prometheus (0750 prometheus:prometheus)"], RecordedHost.Summaries(directory, "exists=0"));
        Assert.Equal(["set directory /var/lib/prometheus: mode 0755 -> 0750, owner root -> prometheus"], RecordedHost.Summaries(directory, "exists=1", "type=directory", "owner=root", "group=prometheus", "mode=755", "size=4096"));
        var refused = Assert.Throws<InvalidOperationException>(() => RecordedHost.Plan([directory], ["exists=1", "type=regular file", "owner=root", "group=root", "mode=644", "size=3"]));
        Assert.Contains("is a regular file, not a directory", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_link_is_created_repointed_removed_or_refused_over_a_file()
    {
        var enabled = new Symlink("/etc/nginx/sites-enabled/microblog", "/etc/nginx/sites-available/microblog");
        var defaultSite = new Symlink("/etc/nginx/sites-enabled/default", null);

        Assert.Empty(RecordedHost.Summaries(enabled, "kind=link", "target=/etc/nginx/sites-available/microblog"));
        Assert.Equal(["create link /etc/nginx/sites-enabled/microblog -> /etc/nginx/sites-available/microblog"], RecordedHost.Summaries(enabled, "kind=none"));
        Assert.Equal(["point /etc/nginx/sites-enabled/microblog at /etc/nginx/sites-available/microblog (was /srv/old)"], RecordedHost.Summaries(enabled, "kind=link", "target=/srv/old"));
        Assert.Throws<InvalidOperationException>(() => RecordedHost.Plan([enabled], ["kind=other"]));
        Assert.Empty(RecordedHost.Summaries(defaultSite, "kind=none"));
        Assert.Equal(["remove /etc/nginx/sites-enabled/default"], RecordedHost.Summaries(defaultSite, "kind=link", "target=/etc/nginx/sites-available/default"));
    }

    [Fact]
    public void A_path_the_tool_no_longer_uses_is_removed_when_there()
    {
        var absent = new AbsentPath("/etc/systemd/system/old.service", "an earlier version's unit");

        Assert.Empty(RecordedHost.Summaries(absent));
        Assert.Equal(["remove /etc/systemd/system/old.service (an earlier version's unit)"], RecordedHost.Summaries(absent, "exists=1"));
    }

    // ---- users ----

    [Fact]
    public void A_system_user_is_created_when_missing()
    {
        var user = new SystemUser("node_exporter", "/nonexistent");

        Assert.Empty(RecordedHost.Summaries(user, "user=1", "group=1"));
        Assert.Equal(["create system user node_exporter (home /nonexistent, shell /usr/sbin/nologin)"], RecordedHost.Summaries(user, "group=1"));
    }

    // ---- releases ----

    [Fact]
    public void A_release_is_in_sync_by_its_stamp_and_downloaded_again_on_drift()
    {
        var release = new PrometheusRelease("https://github.com/prometheus/node_exporter/releases/download", "node_exporter", "1.9.1", "amd64");
        var download = release.Install(null, ("node_exporter", "/usr/local/bin/node_exporter", new FileOwnership("root", "root", "0755")));
        string[] stamped = [$"stamp_url={release.ArchiveUrl}", "stamp_sha256=abc", "stamp_file=/usr/local/bin/node_exporter 123", "have=/usr/local/bin/node_exporter 123"];
        var install = $"download node_exporter from {release.ArchiveUrl}, check its SHA-256 in {release.ChecksumsUrl}, install /usr/local/bin/node_exporter";

        Assert.Equal("https://github.com/prometheus/node_exporter/releases/download/v1.9.1/node_exporter-1.9.1.linux-amd64.tar.gz", release.ArchiveUrl);
        Assert.Empty(RecordedHost.Summaries(download, stamped));
        Assert.Equal([install], RecordedHost.Summaries(download));
        Assert.Equal([install], RecordedHost.Summaries(download, [.. stamped[..3], "have=/usr/local/bin/node_exporter 456"]));
        Assert.Equal([install], RecordedHost.Summaries(download, ["stamp_url=https://example.invalid/v1.8.0.tar.gz", .. stamped[1..]]));
        Assert.Equal(
            ["download node_exporter from " + release.ArchiveUrl + ", check SHA-256 def, install /usr/local/bin/node_exporter"],
            RecordedHost.Summaries(release.Install("def", ("node_exporter", "/usr/local/bin/node_exporter", new FileOwnership("root", "root", "0755"))), stamped));
    }

    // ---- services ----

    [Fact]
    public void A_running_enabled_service_is_in_sync()
    {
        Assert.Empty(RecordedHost.Summaries(new SystemdService("nginx"), Running));
    }

    [Fact]
    public void A_stopped_or_disabled_service_is_started_or_enabled()
    {
        Assert.Equal(["start nginx.service"], RecordedHost.Summaries(new SystemdService("nginx"), "LoadState=loaded", "ActiveState=inactive", "UnitFileState=enabled", "NeedDaemonReload=no"));
        Assert.Equal(["enable nginx.service"], RecordedHost.Summaries(new SystemdService("nginx"), "LoadState=loaded", "ActiveState=active", "UnitFileState=disabled", "NeedDaemonReload=no"));
        Assert.Equal(
            ["enable, start gunicorn.service (its unit comes with an earlier change)"],
            RecordedHost.Summaries(new SystemdService("gunicorn"), "LoadState=not-found", "ActiveState=inactive", "UnitFileState=", "NeedDaemonReload=no"));
    }

    [Fact]
    public void A_changed_unit_brings_a_daemon_reload_and_a_restart()
    {
        var unit = new ManagedFile("/etc/systemd/system/node_exporter.service", "[Service]\nExecStart=/usr/local/bin/node_exporter\n");
        Resource[] resources = [unit, new SystemdService("node_exporter", restartWhen: [unit])];

        var plan = RecordedHost.Plan(resources, FileFacts("[Service]\nExecStart=/usr/bin/true\n"), Running);

        Assert.Equal(
            ["update file /etc/systemd/system/node_exporter.service (0644 root:root)", "daemon-reload, restart (after file /etc/systemd/system/node_exporter.service) node_exporter.service"],
            plan.Changes.Select(c => c.Summary));
        Assert.Equal(["daemon-reload nginx.service"], RecordedHost.Summaries(new SystemdService("nginx"), [.. Running[..3], "NeedDaemonReload=yes"]));
    }

    [Fact]
    public void A_changed_config_reloads_and_an_unchanged_one_does_not()
    {
        var config = new ManagedFile("/etc/prometheus/prometheus.yml", "global: {}\n");
        Resource[] resources = [config, new SystemdService("prometheus", reloadWhen: [config])];

        Assert.Equal(
            ["update file /etc/prometheus/prometheus.yml (0644 root:root)", "reload (after file /etc/prometheus/prometheus.yml) prometheus.service"],
            RecordedHost.Plan(resources, FileFacts("global: {scrape_interval: 1m}\n"), Running).Changes.Select(c => c.Summary));
        Assert.True(RecordedHost.Plan(resources, FileFacts(config.Content), Running).InSync);
    }

    [Fact]
    public void A_restart_an_earlier_run_owed_is_made_though_nothing_changed_now()
    {
        var config = new ManagedFile("/etc/memcached.conf", "-p 11299\n");
        Resource[] resources = [config, new SystemdService("memcached", restartWhen: [config])];

        Assert.Equal(
            ["restart (after an earlier run's change) memcached.service"],
            RecordedHost.Plan(resources, FileFacts(config.Content), [.. Running, "marker=restart"]).Changes.Select(c => c.Summary));
        Assert.Equal(
            ["reload (after an earlier run's change) memcached.service"],
            RecordedHost.Summaries(new SystemdService("memcached"), [.. Running, "marker=reload"]));
    }

    private const string Fingerprint = "B53AE77BADB630A683046005963FA27710458545";

    private static readonly string[] Running = ["LoadState=loaded", "ActiveState=active", "UnitFileState=enabled", "NeedDaemonReload=no"];

    private static string Expires(int year) => new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A keyring's facts as its probe prints them: the pinned key with gpg's validity and expiry, and the host's clock (2025-11-24).</summary>
    private static string[] KeyFacts(AptKeyring keyring, string validity, string expires) =>
        ["exists=1", "now=1764000000", $"fpr={keyring.Fingerprint}", $"key={keyring.Fingerprint}:{validity}:{expires}"];

    /// <summary>A regular file's facts as <see cref="ManagedFile"/>'s probe prints them (stat, hash, content in base64).</summary>
    private static string[] FileFacts(string content, string owner = "root", string group = "root", string mode = "644", bool withContent = true)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        string[] facts =
        [
            "exists=1", "type=regular file", $"owner={owner}", $"group={group}", $"mode={mode}", $"size={bytes.Length}",
            "sha256=" + Convert.ToHexStringLower(SHA256.HashData(bytes)),
        ];
        return withContent ? [.. facts, "content=" + Convert.ToBase64String(bytes)] : facts;
    }
}
