namespace Workload.Tests.EndToEnd;

/// <summary>
/// Issue 4's "done when", through the real command line on a fresh testbed host: the Jenkins host converges, the app
/// answers through nginx, a re-run is in sync, a template change shows as a plan and goes live with one reload, and an
/// invalid sudoers drop-in or nginx site never goes live.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class JenkinsHostTests(TestbedFixture testbed, MirrorFixture mirror)
{
    private static readonly string[] JenkinsChain = ["ProvisionJenkins", "InstallJenkins", "ConfigurePython", "App", "Nginx", "GunicornService", "Sudoers", "NodeExporter"];

    [Fact]
    public async Task The_jenkins_host_converges_then_stays_in_sync_and_template_changes_go_through_plan_and_validation()
    {
        var run = new WorkloadRun(testbed, mirror, "jh");

        // Converge a fresh host.
        run.Expect(0, "--target=NodeExporter");
        var address = run.Address(HostRole.Jenkins);
        using (var client = new HttpClient { Timeout = TimeSpan.FromSeconds(15) })
        {
            var response = await client.GetAsync(new Uri($"http://{address}/"));
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("<title>Sign In - Microblog</title>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal("active\nactive\nactive\nactive\n", await run.OnHostAsync(HostRole.Jenkins, "for s in jenkins nginx gunicorn node_exporter; do systemctl is-active $s; done"));
        Assert.Contains("127.0.0.1:5000", await run.OnHostAsync(HostRole.Jenkins, "ss -ltnH 'sport = :5000'"), StringComparison.Ordinal);
        Assert.Equal("440 root:root\n", await run.OnHostAsync(HostRole.Jenkins, "stat -c '%a %U:%G' /etc/sudoers.d/microblog-jenkins"));
        Assert.Equal("600 jenkins:jenkins\n", await run.OnHostAsync(HostRole.Jenkins, "stat -c '%a %U:%G' /etc/microblog/microblog.env"));

        // A second run changes nothing, and a plan agrees.
        var second = run.Expect(0, "--target=NodeExporter");
        Assert.Equal(JenkinsChain, WorkloadRun.InSyncTasks(second));
        run.Expect(0, "--target=NodeExporter", "--plan");

        // A template change: the plan shows its diff and exits 2; the next run applies it with one reload.
        var builtIn = new Workload.Templates.TemplateRenderer().ReadSource("nginx/microblog.conf");
        var templates = run.OverrideTemplate("nginx/microblog.conf", builtIn.Replace("    location / {", "    add_header X-Workload-Test yes;\n\n    location / {", StringComparison.Ordinal));
        var nginxPid = await run.OnHostAsync(HostRole.Jenkins, "systemctl show -p MainPID --value nginx");
        var plan = run.Expect(2, "--target=NodeExporter", "--plan", templates);
        Assert.Contains("+    add_header X-Workload-Test yes;", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("X-Workload-Test", await run.OnHostAsync(HostRole.Jenkins, "cat /etc/nginx/sites-available/microblog"), StringComparison.Ordinal);
        var applied = run.Expect(0, "--target=NodeExporter", templates);
        Assert.Single(applied.Split('\n'), l => l.Contains("reload (after file /etc/nginx/sites-available/microblog) nginx.service", StringComparison.Ordinal));
        Assert.Equal(nginxPid, await run.OnHostAsync(HostRole.Jenkins, "systemctl show -p MainPID --value nginx"));
        Assert.Contains("X-Workload-Test: yes", await run.OnHostAsync(HostRole.Jenkins, "curl -sI http://127.0.0.1/auth/login"), StringComparison.Ordinal);

        // Plugins, through the plugin installation manager (a test double here), then loaded by a restarted Jenkins.
        var plugins = run.Expect(0, "--target=InstallJenkins", "--exclusive", "--jenkinsPlugins=git,workflow-aggregator", templates);
        Assert.Contains("install Jenkins plugins git, workflow-aggregator with the plugin installation manager", plugins, StringComparison.Ordinal);
        var installed = (await run.OnHostAsync(HostRole.Jenkins, "ls /var/lib/jenkins/plugins")).Split('\n');
        Assert.Contains("git.jpi", installed);
        Assert.Contains("workflow-aggregator.jpi", installed);
        Assert.Contains("workflow-job.jpi", installed); // a dependency, resolved from the mirror's update center
        Assert.Equal(["InstallJenkins"], WorkloadRun.InSyncTasks(run.Expect(0, "--target=InstallJenkins", "--exclusive", "--jenkinsPlugins=git,workflow-aggregator", templates)));

        // One task alone.
        var sudoers = run.Expect(0, "--target=Sudoers", "--exclusive", templates);
        Assert.Equal(["Sudoers"], WorkloadRun.InSyncTasks(sudoers));

        // A broken sudoers drop-in never goes live: visudo refuses it and the old file stays.
        var grant = await run.OnHostAsync(HostRole.Jenkins, "sha256sum /etc/sudoers.d/microblog-jenkins");
        var brokenSudoers = run.OverrideTemplate("sudoers/microblog-jenkins", "{{ user }} ALL=(root) NOPASSWD {{ systemctl }} restart gunicorn\n");
        var refused = run.Expect(1, "--target=Sudoers", "--exclusive", brokenSudoers);
        Assert.Contains("visudo -cf", refused, StringComparison.Ordinal);
        Assert.Contains("the previous file was left in place", refused, StringComparison.Ordinal);
        Assert.Equal(grant, await run.OnHostAsync(HostRole.Jenkins, "sha256sum /etc/sudoers.d/microblog-jenkins"));
        Assert.Equal(string.Empty, await run.OnHostAsync(HostRole.Jenkins, "ls -a /etc/sudoers.d | grep workload || true"));
        Assert.Contains("restart gunicorn", await run.OnHostAsync(HostRole.Jenkins, "sudo -l -U jenkins"), StringComparison.Ordinal);

        // A broken nginx site never goes live either: nginx -t refuses it and the previous site is put back.
        var site = await run.OnHostAsync(HostRole.Jenkins, "sha256sum /etc/nginx/sites-available/microblog");
        var brokenSite = run.OverrideTemplate("nginx/microblog.conf", builtIn.Replace("proxy_set_header Host $host;", "proxy_set_header Host $host", StringComparison.Ordinal));
        var rejected = run.Expect(1, "--target=Nginx", "--exclusive", brokenSite);
        Assert.Contains("nginx -t", rejected, StringComparison.Ordinal);
        Assert.Equal(site, await run.OnHostAsync(HostRole.Jenkins, "sha256sum /etc/nginx/sites-available/microblog"));
        Assert.Equal("active\n", await run.OnHostAsync(HostRole.Jenkins, "systemctl is-active nginx"));

        // The workload's own node exporter version works as well as the current one.
        var downgrade = run.Expect(0, "--target=NodeExporter", "--exclusive", "--nodeExporterVersion=1.6.0", templates);
        Assert.Contains("node_exporter-1.6.0.linux-amd64.tar.gz", downgrade, StringComparison.Ordinal);
        Assert.Contains("node_exporter_build_info", await run.OnHostAsync(HostRole.Jenkins, "curl -fsS http://127.0.0.1:9100/metrics"), StringComparison.Ordinal);
    }
}
