namespace Workload.Tests.EndToEnd;

/// <summary>
/// Issue 5's "done when", through the real command line on two fresh testbed hosts: a missing Grafana password
/// stops the run before any change; Deploy converges both hosts and verifies them end to end; a second run is in
/// sync; a stopped node exporter shows in the plan and the next Deploy brings it back. And issue 10's: Deploy configures
/// Jenkins' credential, tool and job, reads back the first build of main from the Jenkins TEST DOUBLE and reports it.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class DeployTests(TestbedFixture testbed, MirrorFixture mirror)
{
    [Fact]
    public void A_plan_before_anything_exists_lists_the_whole_deployment_and_creates_nothing()
    {
        var run = new WorkloadRun(testbed, mirror, "pl");

        var plan = run.Expect(2, "--target=Deploy", "--plan");

        Assert.Contains($"create machine {run.Machine(HostRole.Jenkins)}", plan, StringComparison.Ordinal);
        Assert.Contains($"create machine {run.Machine(HostRole.Monitoring)}", plan, StringComparison.Ordinal);
        Assert.Contains("GrafanaDashboard on monitoring would make 1 change", plan, StringComparison.Ordinal);
        Assert.Contains("Deployment plan (nothing was changed)", plan, StringComparison.Ordinal);
        Assert.False(testbed.Testbed.InspectHost(run.Machine(HostRole.Jenkins)).Exists);
        Assert.False(Directory.Exists(Path.Combine(run.Directory, ".workload")));
    }

    [Fact]
    public async Task Deploy_converges_both_hosts_verifies_them_and_brings_back_a_stopped_exporter()
    {
        var run = new WorkloadRun(testbed, mirror, "dp");

        // Without the Grafana password nothing starts: not even a host is created.
        var (refusedCode, refused) = run.Run(["--target=Deploy"], "WORKLOAD_GRAFANA_ADMIN_PASSWORD");
        Assert.Equal(1, refusedCode);
        Assert.Contains("grafanaAdminPassword: required by Monitoring", refused, StringComparison.Ordinal);
        Assert.Contains("WORKLOAD_GRAFANA_ADMIN_PASSWORD", refused, StringComparison.Ordinal);
        Assert.False(testbed.Testbed.InspectHost(run.Machine(HostRole.Jenkins)).Exists);
        Assert.False(File.Exists(Path.Combine(run.Directory, ".workload", "state.json")));

        var first = run.Expect(0, "--target=Deploy");
        Assert.Contains("End-to-end checks passed", first, StringComparison.Ordinal);

        // Debian 13 hosts (the local provider's default), the mirror's configuration without Java or Python settings:
        // the host's own Java 21 and Python 3.13, chosen from its facts and said; the faithful app answers as a client expects.
        Assert.Contains("jenkins host (Debian GNU/Linux 13 (trixie)): Java: openjdk-21-jre-headless from Debian GNU/Linux 13 (trixie)'s own packages", first, StringComparison.Ordinal);
        Assert.Contains("jenkins host (Debian GNU/Linux 13 (trixie)): Python: python3.13, Debian GNU/Linux 13 (trixie)'s own python3", first, StringComparison.Ordinal);
        Assert.Equal(["without token: 401", "with token: e2e e2e@example.com", "spanish: <title>Ingresar - Microblog</title>"], await run.UseTheAppAsync());
        Assert.Contains("Deployment verified", first, StringComparison.Ordinal);
        var monitoring = run.Address(HostRole.Monitoring);
        Assert.Contains($"http://{monitoring}:3000/", first, StringComparison.Ordinal);

        // Jenkins runs the workload's pipeline: its job, and the first build of main read back, in the summary.
        var jenkins = $"http://{run.Address(HostRole.Jenkins)}:8080";
        Assert.Matches($@"Jenkins job\s+{System.Text.RegularExpressions.Regex.Escape(jenkins)}/job/microblog/", first);
        Assert.Matches($@"main's last build\s+{System.Text.RegularExpressions.Regex.Escape(jenkins)}/job/microblog/job/main/1/ \(microblog » main #1 SUCCESS; tests: 6 passed, 0 failed, 0 skipped; Dependency-Check: 1 vulnerability in 23 dependencies", first);
        Assert.Matches(@"NVD API key\s+environment WORKLOAD_NVD_API_KEY; on the jenkins host /etc/jenkins/nvd-api-key \(root, 0600\)", first);

        // Prometheus scrapes the Jenkins host's node exporter on its private address: a real target, up.
        var targets = await run.OnHostAsync(HostRole.Monitoring, "curl -s http://127.0.0.1:9090/api/v1/targets");
        Assert.Contains($"\"instance\":\"{run.Address(HostRole.Jenkins)}:9100\"", targets, StringComparison.Ordinal);
        Assert.Contains("\"health\":\"up\"", targets, StringComparison.Ordinal);

        // Grafana: never admin/admin; sign-up disabled.
        Assert.Equal("401", await run.OnHostAsync(HostRole.Monitoring, "curl -s -o /dev/null -w '%{http_code}' -u admin:admin http://127.0.0.1:3000/api/user"));

        var second = run.Expect(0, "--target=Deploy");
        Assert.Equal(
            ["ProvisionJenkins", "InstallJenkins", "ConfigurePython", "App", "Nginx", "GunicornService", "Sudoers", "NodeExporter", "JenkinsPipeline", "ProvisionMonitoring", "Monitoring", "GrafanaDashboard"],
            WorkloadRun.InSyncTasks(second));
        Assert.Contains("(microblog » main #1 SUCCESS;", second, StringComparison.Ordinal);
        run.Expect(0, "--target=Deploy", "--plan");

        await run.OnHostAsync(HostRole.Jenkins, "systemctl stop node_exporter");
        var drift = run.Expect(2, "--target=Deploy", "--plan");
        Assert.Contains("start node_exporter.service", drift, StringComparison.Ordinal);
        Assert.Equal("inactive\n", await run.OnHostAsync(HostRole.Jenkins, "systemctl is-active node_exporter || true"));

        run.Expect(0, "--target=Deploy");
        Assert.Equal("active\n", await run.OnHostAsync(HostRole.Jenkins, "systemctl is-active node_exporter"));
        run.Expect(0, "--target=Deploy", "--plan");
    }
}
