using System.Text.Json.Nodes;
using Workload.Observability;
using Workload.Resources;
using Workload.Templates;

namespace Workload.Tests.Observability;

/// <summary>
/// What the monitoring tasks plan and render, on recorded facts and settings, without a host: the apt key's
/// validity, Grafana's admin login, the dashboard's uid and data source references, the data source and the
/// node exporter unit.
/// </summary>
public sealed class MonitoringPlanTests : IDisposable
{
    private const string Pinned = "B53AE77BADB630A683046005963FA27710458545";
    private readonly string _directory = Directory.CreateTempSubdirectory("workload-monitoring-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void AValidPinnedKeyIsInSync()
    {
        var keyring = new AptKeyring("grafana", "https://apt.grafana.com/gpg-full.key", Pinned);

        Assert.Empty(keyring.Plan(Facts("exists=1", "now=1795000000", $"fpr={Pinned}", $"key={Pinned}:-:1818892800"), new PlanningState()));
    }

    [Fact]
    public void AnExpiredPinnedKeyIsFetchedAgainThoughItsFingerprintMatches()
    {
        var keyring = new AptKeyring("grafana", "https://apt.grafana.com/gpg-full.key", Pinned);

        // Grafana's key as fetched before its renewal: it expired on 2025-08-22 (1755820800).
        var change = Assert.Single(keyring.Plan(Facts("exists=1", "now=1795000000", $"fpr={Pinned}", $"key={Pinned}:e:1755820800"), new PlanningState()));

        Assert.Equal(
            $"fetch apt keyring /etc/apt/keyrings/grafana.asc again from https://apt.grafana.com/gpg-full.key: the key {Pinned} there expired on 2025-08-22, so apt refuses the repository (EXPKEYSIG)",
            change.Summary);
    }

    [Fact]
    public void ARevokedPinnedKeyIsFetchedAgain()
    {
        var keyring = new AptKeyring("grafana", "https://apt.grafana.com/gpg-full.key", Pinned);

        var change = Assert.Single(keyring.Plan(Facts("exists=1", "now=1795000000", $"fpr={Pinned}", $"key={Pinned}:r:"), new PlanningState()));

        Assert.Contains("was revoked", change.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AKeyExpiringOnlyLaterIsNotDrift()
    {
        var keyring = new AptKeyring("grafana", "https://apt.grafana.com/gpg-full.key", Pinned);

        Assert.Empty(keyring.Plan(Facts("exists=1", "now=1755820799", $"fpr={Pinned}", $"key={Pinned}:-:1755820800"), new PlanningState()));
    }

    [Fact]
    public void AnotherFingerprintIsReplacedAndAMissingKeyringAdded()
    {
        var keyring = new AptKeyring("grafana", "https://apt.grafana.com/gpg-full.key", Pinned);

        Assert.StartsWith("replace apt keyring", Assert.Single(keyring.Plan(Facts("exists=1", "fpr=0E22EB88E39E12277A7760AE9E439B102CF3C0C6"), new PlanningState())).Summary, StringComparison.Ordinal);
        Assert.StartsWith("add apt keyring", Assert.Single(keyring.Plan(Facts(), new PlanningState())).Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AnAdminPasswordChangedInGrafanasUiIsPlannedBack()
    {
        var login = Login(out _);

        var change = Assert.Single(login.Plan(Facts("login=401"), new PlanningState()));

        Assert.Equal("set the password of Grafana's admin admin back to grafanaAdminPassword: Grafana's stored one differs (changed in its UI or API)", change.Summary);
        Assert.Empty(login.Plan(Facts("login=200"), new PlanningState()));
    }

    [Fact]
    public void ANewAdminPasswordIsPlannedForARunningGrafanaOnly()
    {
        var login = Login(out var passwordFile);
        var changed = Changed(passwordFile);

        Assert.Contains("to the new grafanaAdminPassword", Assert.Single(login.Plan(Facts("login=200"), changed)).Summary, StringComparison.Ordinal);

        // Not installed or not running yet: Grafana creates its admin with the password on its first start.
        Assert.Empty(login.Plan(Facts("login=unknown"), changed));
    }

    [Fact]
    public void TheAdminLoginIsCheckedWithoutThePasswordOnACommandLine()
    {
        var probe = Login(out _).Probe();

        Assert.Contains("read -r p < '/etc/grafana/admin-password'", probe, StringComparison.Ordinal);
        Assert.Contains("curl -s --max-time 10 --config -", probe, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", probe, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rYdddlPWk", true)]
    [InlineData("node-exporter_full-1860", true)]
    [InlineData("../../etc/cron.d/x", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    [InlineData("0123456789012345678901234567890123456789x", false)]
    public void ADashboardsUidMustFollowGrafanasGrammarBeforeItNamesAFile(string uid, bool accepted)
    {
        var dashboard = new JsonObject { ["uid"] = uid, ["title"] = "t" };

        if (accepted)
        {
            Assert.Equal(uid, DashboardSource.UidOf(dashboard, Settings()));
        }
        else
        {
            var failure = Assert.Throws<InvalidOperationException>(() => DashboardSource.UidOf(dashboard, Settings()));
            Assert.Contains("which Grafana does not accept (1 to 40 letters, digits, '-' or '_')", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UnresolvedDataSourceReferencesAreFoundWhereGrafanaWouldServeThemAllTheSame()
    {
        var dashboard = JsonNode.Parse("""
            {
              "title": "t",
              "templating": { "list": [ { "name": "job", "datasource": { "type": "prometheus", "uid": "microblog-prometheus" } } ] },
              "panels": [
                { "datasource": { "uid": "microblog-prometheus" }, "targets": [ { "expr": "up{job=\"$job\"}" } ] },
                { "datasource": { "uid": "${DS_PROMETHEUS}" } },
                { "datasource": { "uid": "somebody-elses" } },
                { "datasource": "-- Grafana --" },
                { "datasource": { "uid": "$job" } },
                { "title": "${DS_LOKI} logs" }
              ]
            }
            """)!;

        var unresolved = DashboardReferences.Unresolved(dashboard, ["microblog-prometheus"], ["Prometheus"]);

        Assert.Equal(["data source 'somebody-elses' not found", "unbound input ${DS_LOKI}", "unbound input ${DS_PROMETHEUS}", "unresolved variable ${DS_PROMETHEUS}"], unresolved);
        Assert.Empty(DashboardReferences.Unresolved(JsonNode.Parse("""{"panels":[{"datasource":{"uid":"microblog-prometheus"}},{"datasource":"Prometheus"}]}""")!, ["microblog-prometheus"], ["Prometheus"]));
    }

    [Fact]
    public void TheDataSourcesTimeIntervalIsTheScrapeInterval()
    {
        var settings = Settings(("prometheusScrapeInterval", "30s"));

        var yaml = new TemplateRenderer().Render("grafana/datasource.yaml", GrafanaDashboard.DataSourceModel(settings));

        Assert.Contains("    jsonData:\n", yaml, StringComparison.Ordinal);
        Assert.Contains("      timeInterval: 30s\n", yaml, StringComparison.Ordinal);
        var parsed = (Dictionary<object, object>)new YamlDotNet.Serialization.Deserializer().Deserialize<object>(yaml)!;
        var dataSource = (Dictionary<object, object>)((List<object>)parsed["datasources"])[0];
        Assert.Equal("30s", ((Dictionary<object, object>)dataSource["jsonData"])["timeInterval"]);
    }

    [Fact]
    public void TheNodeExporterReadsHomeFilesystemsAndRunsTheCollectorsTheDashboardUses()
    {
        var unit = new TemplateRenderer().Render("systemd/node_exporter.service", new { ListenAddress = ":9100" });

        Assert.Contains("\nProtectHome=read-only\n", unit, StringComparison.Ordinal);
        Assert.Contains("--collector.systemd --collector.processes", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void ProvisionedDashboardsLiveUnderEtcGrafanaWherePackageUpgradesLeaveOwnersAlone()
    {
        Assert.StartsWith("/etc/grafana/", GrafanaDashboard.DashboardDirectory, StringComparison.Ordinal);
        Assert.StartsWith("/var/lib/grafana/", GrafanaDashboard.FormerDashboardDirectory, StringComparison.Ordinal);
    }

    private static ResourceFacts Facts(params string[] lines) => new(lines);

    private static PlanningState Changed(Resource resource)
    {
        var state = new PlanningState();
        state.Record(resource, [new Change("changed", null, (_, _) => Task.CompletedTask)]);
        return state;
    }

    private GrafanaAdminLogin Login(out ManagedFile passwordFile)
    {
        passwordFile = new ManagedFile(Monitoring.GrafanaPasswordFile, "s3cret\n", new FileOwnership("root", "grafana", "0640"), sensitive: true);
        return new GrafanaAdminLogin(Settings(), new Aws.CapturingLog(), passwordFile);
    }

    private WorkloadSettings Settings(params (string Key, string Value)[] overrides) =>
        SettingsLoader.Load(new SettingsSources(
            _directory,
            overrides.ToDictionary(o => o.Key, o => (IReadOnlyList<string>)[o.Value], StringComparer.OrdinalIgnoreCase),
            new Dictionary<string, string>()));
}
