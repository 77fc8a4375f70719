using Workload.Application;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Tests.Resources;

/// <summary>
/// What the resources declare and the planner resolves, without a host: who follows whom (a service names what it
/// restarts or reloads on; the planner gives the watched resources their markers), which resource makes the planner
/// look again at what follows once it changed something (packages), and each change's identity apart from its words.
/// </summary>
public sealed class PlanDeclarationTests
{
    private const string Marker = "/var/lib/microblog-workload/pending/memcached.service.restart";

    [Fact]
    public async Task A_service_names_what_it_restarts_on_and_the_planner_gives_the_file_its_marker()
    {
        var config = new ManagedFile("/etc/memcached.conf", "-p 11299\n");
        var service = new SystemdService("memcached", restartWhen: [config]);

        // Declared, not yet resolved: the service's constructor leaves the file alone.
        Assert.Equal([new Notification(config, Marker)], service.Notifications);
        Assert.DoesNotContain(Marker, await ScriptsOfApplying([config], ["exists=0"]), StringComparison.Ordinal);

        // Planned together, the file records the restart before it changes.
        var scripts = await ScriptsOfApplying([config, service], ["exists=0"], Running);
        Assert.Contains($"touch '{Marker}'", scripts, StringComparison.Ordinal);
        Assert.True(scripts.IndexOf(Marker, StringComparison.Ordinal) < scripts.IndexOf("mv -f", StringComparison.Ordinal), scripts);
    }

    [Fact]
    public async Task A_service_another_task_manages_is_declared_once_with_what_it_restarts_on()
    {
        var settings = new AppEnvironmentFile("/etc/microblog/microblog.env", "microblog", "sqlite:////srv/microblog/app.db");
        var notice = new ServiceNotice("gunicorn", restartWhen: [settings]);

        Assert.Equal("gunicorn.service", notice.Unit);
        Assert.Equal([new Notification(settings, "/var/lib/microblog-workload/pending/gunicorn.service.restart")], notice.Notifications);
        var plan = RecordedHost.Plan([settings, notice], [], []);
        Assert.Equal(["write app settings /etc/microblog/microblog.env: create it (a new SECRET_KEY generated on the host; 0600 microblog:microblog)"], plan.Changes.Select(c => c.Summary));
        Assert.Contains("touch '/var/lib/microblog-workload/pending/gunicorn.service.restart'", await ScriptsOfApplying([settings, notice], [], []), StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_packages_are_installed_what_follows_is_planned_again_and_a_directory_does_not_do_that()
    {
        var packages = new AptPackages(["nginx"]);
        var defaultSite = new AbsentPath("/etc/nginx/sites-enabled/default", "nginx's default site");
        Assert.True(packages.ReplansWhatFollows);
        Assert.False(defaultSite.ReplansWhatFollows);

        // First look: nginx missing, no default site yet. The package brings one, seen only by the second look.
        var host = new ScriptedHost(
            [["lists=1"], []],
            [["exists=1"]]);
        var plan = await HostPlanner.PlanAsync(host, [packages, defaultSite], CancellationToken.None);
        Assert.Equal(["install package nginx"], plan.Changes.Select(c => c.Summary));

        var made = await plan.ApplyAsync(host, _ => { }, CancellationToken.None);

        Assert.Equal(["install package nginx", "remove /etc/nginx/sites-enabled/default (nginx's default site)"], made.Select(c => c.Summary));
        Assert.Equal(2, host.Probes);

        var directory = new ManagedDirectory("/srv/microblog", new FileOwnership("root", "root", "0755"));
        var quiet = new ScriptedHost([["exists=0"], []]);
        var made2 = await (await HostPlanner.PlanAsync(quiet, [directory, defaultSite], CancellationToken.None)).ApplyAsync(quiet, _ => { }, CancellationToken.None);
        Assert.Equal(["create directory /srv/microblog (0755 root:root)"], made2.Select(c => c.Summary));
        Assert.Equal(1, quiet.Probes);
    }

    [Fact]
    public void A_change_is_known_by_its_resource_kind_target_and_action_not_its_words()
    {
        var config = new ManagedFile("/etc/memcached.conf", "-p 11299\n");
        var created = Assert.Single(RecordedHost.Plan([config], ["exists=0"]).Changes);
        var updated = Assert.Single(RecordedHost.Plan([config], ["exists=1", "type=regular file", "owner=root", "group=root", "mode=644", "size=1", "sha256=00"]).Changes);
        var updatedAgain = Assert.Single(RecordedHost.Plan([config], ["exists=1", "type=regular file", "owner=root", "group=root", "mode=644", "size=2", "sha256=01"]).Changes);

        Assert.Equal(new ChangeId("ManagedFile", "file /etc/memcached.conf", "create"), created.Id);
        Assert.Equal(new ChangeId("ManagedFile", "file /etc/memcached.conf", "update"), updated.Id);
        Assert.Equal(updated.Id, updatedAgain.Id);

        var service = new SystemdService("memcached", restartWhen: [config]);
        var plan = RecordedHost.Plan([config, service], ["exists=0"], ["LoadState=loaded", "ActiveState=inactive", "UnitFileState=disabled", "NeedDaemonReload=no"]);
        Assert.Equal(new ChangeId("SystemdService", "service memcached.service", "enable, restart"), plan.Changes[1].Id);
    }

    [Fact]
    public void The_dashboard_check_reads_the_uid_from_the_plan_it_verifies()
    {
        var dashboard = new ManagedFile($"{GrafanaDashboard.DashboardDirectory}/rYdddlPWk.json", "{}\n");
        var provider = new ManagedFile("/etc/grafana/provisioning/dashboards/microblog-workload.yaml", "apiVersion: 1\n");

        Assert.Equal("rYdddlPWk", GrafanaDashboard.DashboardUid(RecordedHost.Plan([provider, dashboard], ["exists=0"], ["exists=0"])));
        Assert.Throws<InvalidOperationException>(() => GrafanaDashboard.DashboardUid(RecordedHost.Plan([provider], ["exists=0"])));
    }

    private static readonly string[] Running = ["LoadState=loaded", "ActiveState=active", "UnitFileState=enabled", "NeedDaemonReload=no"];

    /// <summary>Plans <paramref name="resources"/> on the facts, applies the plan on a recording host, and returns every script it ran.</summary>
    private static async Task<string> ScriptsOfApplying(Resource[] resources, params string[][] facts)
    {
        var host = new ScriptedHost(facts);
        var plan = await HostPlanner.PlanAsync(host, resources, CancellationToken.None);
        await plan.ApplyAsync(host, _ => { }, CancellationToken.None);
        return string.Join("\n", host.Scripts);
    }

    /// <summary>
    /// A TEST DOUBLE of a host: it answers each probe round trip with the next set of recorded facts (one array of
    /// lines per resource probed, in order), accepts uploads, and records every other script as run with exit code 0.
    /// </summary>
    private sealed class ScriptedHost(params string[][][] factsPerProbe) : IHostShell
    {
        public List<string> Scripts { get; } = [];

        public int Probes { get; private set; }

        public string Name => "scripted";

        public bool IsRoot => true;

        public int RoundTrips { get; private set; }

        public Task<CommandResult> RunAsync(string script, CommandOptions? options = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(script);
            RoundTrips++;
            if (!RecordedHost.IsProbe(script))
            {
                Scripts.Add(script);
                return Task.FromResult(new CommandResult(0, string.Empty, string.Empty));
            }

            var facts = Probes < factsPerProbe.Length ? factsPerProbe[Probes] : throw new InvalidOperationException($"probe {Probes + 1} was not expected");
            Probes++;
            return Task.FromResult(RecordedHost.ProbeAnswer(facts));
        }

        public Task UploadAsync(byte[] content, string remotePath, CancellationToken cancellationToken = default)
        {
            Scripts.Add($"upload {remotePath}");
            return Task.CompletedTask;
        }
    }
}
