using System.Security.Cryptography;
using System.Text;

namespace Workload.Tests.EndToEnd;

/// <summary>
/// Issue 11's Grafana items through the real command line on a fresh monitoring host (the node exporter target is
/// given, so no Jenkins host is needed): an admin password changed in Grafana's UI shows in --plan and is set
/// back; a package upgrade's re-owning leaves the provisioned files in sync; a changed grafanaAdminUser is refused
/// clearly; a dashboard whose data sources do not resolve fails the verify step though Grafana serves it.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class MonitoringHostTests(TestbedFixture testbed, MirrorFixture mirror)
{
    private static readonly string[] Target = ["--target=ProvisionMonitoring", "--target=Monitoring", "--target=GrafanaDashboard", "--exclusive", "--nodeExporterTarget=127.0.0.1:9100"];

    [Fact]
    public async Task Grafana_stays_as_configured_through_ui_changes_upgrades_and_bad_dashboards()
    {
        var run = new WorkloadRun(testbed, mirror, "mo");
        run.Expect(0, Target);
        Assert.Equal(["ProvisionMonitoring", "Monitoring", "GrafanaDashboard"], WorkloadRun.InSyncTasks(run.Expect(0, Target)));

        // Provisioned under /etc/grafana, with the data source's timeInterval the scrape interval.
        Assert.Equal("640 root:grafana\n", await run.OnHostAsync(HostRole.Monitoring, "stat -c '%a %U:%G' /etc/grafana/dashboards/microblog-workload/rYdddlPWk.json"));
        Assert.Contains("timeInterval: 15s", await run.OnHostAsync(HostRole.Monitoring, "cat /etc/grafana/provisioning/datasources/microblog-workload.yaml"), StringComparison.Ordinal);

        // The admin changes the password in Grafana's UI: the plan says so, and the next run sets it back.
        var body = $"{{\"oldPassword\": \"{WorkloadRun.GrafanaPassword}\", \"newPassword\": \"in-the-ui-5\", \"confirmNew\": \"in-the-ui-5\"}}";
        await run.OnHostAsync(HostRole.Monitoring, $"curl -fs -u admin:{WorkloadRun.GrafanaPassword} -X PUT -H 'Content-Type: application/json' -d '{body}' http://127.0.0.1:3000/api/user/password");
        var drift = run.Expect(2, [.. Target, "--plan"]);
        Assert.Contains("set the password of Grafana's admin admin back to grafanaAdminPassword: Grafana's stored one differs (changed in its UI or API)", drift, StringComparison.Ordinal);
        run.Expect(0, Target);
        Assert.Equal("200", await run.OnHostAsync(HostRole.Monitoring, $"curl -s -o /dev/null -w '%{{http_code}}' -u admin:{WorkloadRun.GrafanaPassword} http://127.0.0.1:3000/api/user"));
        run.Expect(0, [.. Target, "--plan"]);

        // A package upgrade runs the postinst, which re-owns /var/lib/grafana and /etc/grafana: nothing the tool keeps drifts.
        await run.OnHostAsync(HostRole.Monitoring, "mkdir -p /var/lib/grafana/dashboards/microblog-workload && /var/lib/dpkg/info/grafana.postinst configure 13.2.0 >/dev/null");
        var afterUpgrade = run.Expect(2, [.. Target, "--plan"]);
        Assert.Contains("remove /var/lib/grafana/dashboards/microblog-workload (where earlier versions provisioned the dashboard", afterUpgrade, StringComparison.Ordinal);
        Assert.Contains("GrafanaDashboard on monitoring would make 1 change", afterUpgrade, StringComparison.Ordinal);
        run.Expect(0, Target);
        run.Expect(0, [.. Target, "--plan"]);

        // A changed grafanaAdminUser does not rename Grafana's admin: refused with what to do, not retried for ever.
        var (renamedCode, renamed) = run.Run([.. Target, "--grafanaAdminUser=ops"]);
        Assert.Equal(1, renamedCode);
        Assert.Contains("grafanaAdminUser: 'ops' cannot log in to Grafana", renamed, StringComparison.Ordinal);
        Assert.Contains("does not rename its admin", renamed, StringComparison.Ordinal);
        run.Expect(0, Target);

        // A dashboard whose panel names a data source Grafana does not have: served with 200, refused by the verify step.
        var broken = "{\"uid\": \"wlt-broken\", \"title\": \"Broken\", \"panels\": [{\"datasource\": {\"type\": \"prometheus\", \"uid\": \"not-ours\"}}]}";
        var file = Path.Combine(run.Directory, "broken.json");
        await File.WriteAllTextAsync(file, broken);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(broken)));
        var (brokenCode, refused) = run.Run([.. Target, $"--grafanaDashboardFile={file}", $"--grafanaDashboardSha256={sha256}"]);
        Assert.Equal(1, brokenCode);
        Assert.Contains("serves the dashboard wlt-broken, but its panels refer to data sources it does not have: data source 'not-ours' not found", refused, StringComparison.Ordinal);
    }
}
