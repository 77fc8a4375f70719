using Workload.Hosts;
using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>Runs that fail or lose their connection half way: the next run finishes the job.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class InterruptedRunTests(TestbedFixture fixture)
{
    [Fact]
    public async Task A_restart_owed_by_a_run_that_failed_is_made_by_the_next_run()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var id = ResourceHost.UniqueId();
        var service = TestService.Create(id);
        var configPath = $"/etc/restests-{id}/service.conf";
        var gatePath = $"/etc/restests-{id}/gate";
        var gateCheck = new FileValidation.Standalone("grep -qx valid {path}", "grep -qx valid");
        var marker = Markers.For(service.Unit, "restart");
        Resource[] Run(string config, string gate)
        {
            var file = new ManagedFile(configPath, config);
            return [file, new ManagedFile(gatePath, gate, validation: gateCheck), .. service.Resources("1", file)];
        }

        await host.ConvergeAsync(Run("level = 1\n", "valid\n"));
        var pid = await service.MainPidAsync(host);

        // The config changes, then a later resource fails: the run stops before the service's restart.
        var failing = await host.PlanAsync(Run("level = 2\n", "broken\n"));
        Assert.Equal($"restart (after file {configPath}) {service.Unit}", failing.Changes[^1].Summary);
        await Assert.ThrowsAsync<HostCommandException>(() => failing.ApplyAsync(host.Connection, _ => { }, CancellationToken.None));
        Assert.Equal(ResourceHost.Sha256("level = 2\n"), await host.Sha256OfFileAsync(configPath));
        Assert.Equal(pid, await service.MainPidAsync(host));
        Assert.True(await host.ExistsAsync(marker), $"no marker {marker} after the failed run");

        // The next run, with the failing resource fixed: the config is in sync, and yet the restart is owed.
        var next = await host.PlanAsync(Run("level = 2\n", "valid\n"));
        Assert.Equal($"restart (after an earlier run's change) {service.Unit}", Assert.Single(next.Changes).Summary);
        await next.ApplyAsync(host.Connection, _ => { }, CancellationToken.None);

        Assert.NotEqual(pid, await service.MainPidAsync(host));
        Assert.False(await host.ExistsAsync(marker), $"{marker} is still there after the restart");
        await host.AssertInSyncAsync(Run("level = 2\n", "valid\n"));
    }

    [Fact]
    public async Task A_service_that_fails_to_restart_fails_the_run_with_its_journal_and_is_restarted_by_the_next()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var id = ResourceHost.UniqueId();
        var unit = $"restests-{id}.service";
        var unitPath = $"/etc/systemd/system/{unit}";
        Resource[] Service(string command)
        {
            var file = new ManagedFile(unitPath, $"[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/bin/sh -c '{command}'\n\n[Install]\nWantedBy=multi-user.target\n");
            return [file, new SystemdService(unit, restartWhen: [file])];
        }

        var error = await host.ApplyFailingAsync(Service($"echo restests-{id} cannot start >&2; exit 3"));

        Assert.Contains($"Starting {unit} failed", error.Message, StringComparison.Ordinal);
        Assert.Contains($"restests-{id} cannot start", error.Message, StringComparison.Ordinal);
        Assert.True(await host.ExistsAsync(Markers.For(unit, "restart")), "the owed restart was forgotten after it failed");

        var fixedRun = await host.ConvergeAsync(Service("true"));

        Assert.EndsWith($"restart (after file {unitPath}) {unit}", fixedRun.Changes[^1].Summary, StringComparison.Ordinal);
        Assert.Equal("active\n", await host.RootAsync($"systemctl is-active {unit}"));
        Assert.False(await host.ExistsAsync(Markers.For(unit, "restart")));
    }

    [Fact]
    public async Task A_connection_cut_while_a_file_is_checked_is_followed_by_a_run_that_converges()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);

        // A checker that takes its time and talks while it works, as real ones do.
        var install = await SlowInstall.StartAsync(host, "for i in 1 2 3 4 5 6 7 8; do echo checking; sleep 1; done");
        await host.RootAsync(HostAccess.CutLoginConnections);

        await Assert.ThrowsAnyAsync<Exception>(() => install.Apply);
        await WaitForAsync(host, $"! pgrep -f '[r]estests-{install.Id}.checking' >/dev/null", "the cut run's shell to end");
        await host.ReconnectAsync();

        // Whether the cut run got as far as the move depends on the host; either way the next run converges.
        var rerun = await host.PlanAsync(install.Wanted);
        if (!rerun.InSync)
        {
            await rerun.ApplyAsync(host.Connection, _ => { }, CancellationToken.None);
        }

        await host.AssertInSyncAsync(install.Wanted);
        Assert.Equal(ResourceHost.Sha256("new\n"), await host.Sha256OfFileAsync(install.Path));
        Assert.Equal(string.Empty, await host.LeftoversAsync(install.Directory));
    }

    [Fact]
    public async Task A_run_killed_while_it_installs_a_file_leaves_nothing_behind_once_the_next_run_converged()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var install = await SlowInstall.StartAsync(host, "sleep 8");

        // Killed outright (sudo, the install script and its check), as the OOM killer or a reboot would: no trap runs.
        await host.RootAsync($"pkill -KILL -f '[r]estests-{install.Id}.checking' || true");
        await Assert.ThrowsAnyAsync<Exception>(() => install.Apply);
        Assert.Contains($"{install.Directory}/.slow.conf.workload-", await host.LeftoversAsync(install.Directory), StringComparison.Ordinal);
        Assert.Contains("/.microblog-workload-staging/", await host.LeftoversAsync(install.Directory), StringComparison.Ordinal);
        Assert.Equal(ResourceHost.Sha256("old\n"), await host.Sha256OfFileAsync(install.Path));

        await host.ReconnectAsync();
        await host.ConvergeAsync(install.Wanted);

        Assert.Equal(ResourceHost.Sha256("new\n"), await host.Sha256OfFileAsync(install.Path));
        Assert.Equal(string.Empty, await host.LeftoversAsync(install.Directory));
    }

    [Fact]
    public async Task Copies_left_beside_a_file_whose_content_is_right_make_the_next_run_install_it_again()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var directory = $"/etc/restests-{ResourceHost.UniqueId()}";
        var path = $"{directory}/app.conf";
        await host.ConvergeAsync(new ManagedFile(path, "same\n"));

        // What a run killed between moving the file into place and removing its copy leaves.
        await host.RootAsync($"cp {path} {directory}/.app.conf.workload-Ab12Cd");

        var again = Assert.Single((await host.ConvergeAsync(new ManagedFile(path, "same\n"))).Changes);

        Assert.Equal($"install file {path} again: a run was interrupted while installing it and left .app.conf.workload-Ab12Cd", again.Summary);
        Assert.Equal(string.Empty, await host.LeftoversAsync(directory));
        Assert.Equal(ResourceHost.Sha256("same\n"), await host.Sha256OfFileAsync(path));
    }

    /// <summary>A file going from "old" to "new" through a check that takes seconds, applied in the background and caught while it checks.</summary>
    private sealed class SlowInstall
    {
        private SlowInstall(string id, FileValidation check, Task apply)
        {
            Id = id;
            Check = check;
            Apply = apply;
        }

        public string Id { get; }

        public string Directory => $"/etc/restests-{Id}";

        public string Path => $"{Directory}/slow.conf";

        public FileValidation Check { get; }

        /// <summary>The apply that is under way.</summary>
        public Task Apply { get; }

        public ManagedFile Wanted => new(Path, "new\n", validation: Check);

        /// <summary>Installs "old", then starts installing "new" and returns once its check (<paramref name="work"/>, then a grep) is running.</summary>
        public static async Task<SlowInstall> StartAsync(ResourceHost host, string work)
        {
            var id = ResourceHost.UniqueId();
            var busy = $"/run/restests-{id}.checking";
            var check = new FileValidation.Standalone($"sh -c 'touch {busy}; {work}; rm -f {busy}; grep -qx new \"$1\"' check {{path}}", "a slow check");
            var old = new SlowInstall(id, check, Task.CompletedTask);
            await host.ConvergeAsync(new ManagedFile(old.Path, "old\n"));
            var plan = await host.PlanAsync(old.Wanted);
            var install = new SlowInstall(id, check, plan.ApplyAsync(host.Connection, _ => { }, CancellationToken.None));
            await WaitForAsync(host, $"test -e {busy}", "the check to start");
            return install;
        }
    }

    /// <summary>Polls a condition on the host (out of band) up to a bound of attempts; not a timing assertion.</summary>
    private static async Task WaitForAsync(ResourceHost host, string condition, string what)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if ((await host.RootAsync($"if {condition}; then echo yes; fi")).Trim() == "yes")
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"gave up waiting for {what} on the host ({condition})");
    }
}
