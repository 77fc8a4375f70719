namespace Workload.Tests.EndToEnd;

/// <summary>
/// Issue 13's "done when", through the real command line: the defaults on a machine without internet stop in the
/// preflight with nothing created and a message that says what to do; the mirror's configuration, without Java or
/// Python settings, converges two Debian 12 hosts (Debian 13 hosts: DeployTests), whose Java and Python are chosen
/// from their facts, and a setting those hosts cannot meet stops the run before anything is installed.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class HostSystemsTests(TestbedFixture testbed, MirrorFixture mirror)
{
    [Fact]
    public void The_defaults_without_internet_stop_in_preflight_naming_every_download_and_creating_nothing()
    {
        // Only where the tests' testbed lives; every download setting at its default (the internet, unreachable here).
        var run = new WorkloadRun(testbed, mirror, [], "df");
        var defaults = new WorkloadSettings();

        var output = run.Expect(1, "--target=Deploy");

        var expected = new (string Setting, string Url)[]
        {
            ("jenkinsKeyUrl", defaults.JenkinsKeyUrl),
            ("jenkinsRepositoryUrl", defaults.JenkinsRepositoryUrl),
            ("appRepository", defaults.AppRepository),
            ("pipIndexUrl", App.DefaultPythonIndex),
            ("nodeExporterBaseUrl", $"{defaults.NodeExporterBaseUrl}/v{defaults.NodeExporterVersion}/node_exporter-{defaults.NodeExporterVersion}.linux-amd64.tar.gz"),
            ("nodeExporterBaseUrl", $"{defaults.NodeExporterBaseUrl}/v{defaults.NodeExporterVersion}/sha256sums.txt"),
            ("prometheusBaseUrl", $"{defaults.PrometheusBaseUrl}/v{defaults.PrometheusVersion}/prometheus-{defaults.PrometheusVersion}.linux-amd64.tar.gz"),
            ("prometheusBaseUrl", $"{defaults.PrometheusBaseUrl}/v{defaults.PrometheusVersion}/sha256sums.txt"),
            ("grafanaKeyUrl", defaults.GrafanaKeyUrl),
            ("grafanaRepositoryUrl", defaults.GrafanaRepositoryUrl),
            ("jenkinsPluginManagerUrl", defaults.JenkinsPluginManagerUrl),
            ("jenkinsPluginManagerUrl", defaults.JenkinsPluginManagerUrl + ".sha256"),
            ("jenkinsUpdateCenterUrl", "https://updates.jenkins.io/update-center.json"),
            ("jenkinsDependencyCheckBaseUrl", $"{defaults.JenkinsDependencyCheckBaseUrl}/v{defaults.JenkinsDependencyCheckVersion}/dependency-check-{defaults.JenkinsDependencyCheckVersion}-release.zip"),
            ("grafanaDashboardBaseUrl", $"{defaults.GrafanaDashboardBaseUrl}/{defaults.GrafanaDashboardId}/revisions/{defaults.GrafanaDashboardRevision}/download"),
        };
        foreach (var (setting, url) in expected)
        {
            Assert.Contains($"{setting}: {url} (", output, StringComparison.Ordinal);
        }

        Assert.Equal(expected.Length, output.Split('\n').Count(l => l.Contains("cannot be fetched", StringComparison.Ordinal)));
        Assert.Contains("fetched on the jenkins host) cannot be fetched: the local provider's hosts reach only this machine", output, StringComparison.Ordinal);
        Assert.Contains($"(dashboard {defaults.GrafanaDashboardId} revision {defaults.GrafanaDashboardRevision}, fetched by this machine) cannot be fetched: cannot be reached from this machine", output, StringComparison.Ordinal);
        Assert.Contains($"sudo tests/testbed/build-mirror.sh {testbed.Testbed.Options.MirrorDirectory} {testbed.Testbed.Options.MirrorUrl.ToString().TrimEnd('/')} > workload.testbed.json", output, StringComparison.Ordinal);
        Assert.Contains("./build.sh --target=Deploy --config=workload.testbed.json", output, StringComparison.Ordinal);

        // Nothing was created: no machine, no state file, no client key.
        Assert.False(testbed.Testbed.InspectHost(run.Machine(HostRole.Jenkins)).Exists);
        Assert.False(testbed.Testbed.InspectHost(run.Machine(HostRole.Monitoring)).Exists);
        Assert.False(Directory.Exists(Path.Combine(run.Directory, ".workload")));
    }

    [Fact]
    public async Task The_mirror_configuration_converges_two_debian_12_hosts_with_java_and_python_chosen_for_them()
    {
        var configuration = mirror.Configuration.DeepClone().AsObject();
        configuration["localDebianRelease"] = "12";
        var run = new WorkloadRun(testbed, mirror, configuration, "db");

        // What this host cannot give: refused once its facts are read, before anything is installed.
        var refused = run.Expect(1, "--target=Deploy", "--pythonVersion=3.13", "--javaPackage=openjdk-11-jre-headless");
        Assert.Contains(
            "javaPackage: openjdk-11-jre-headless is Java 11, but Jenkins 2.541.1 (the newest in jenkinsRepositoryUrl) needs Java 17 or newer",
            refused,
            StringComparison.Ordinal);
        Assert.Contains(
            "pythonVersion: 3.13 is not available on the jenkins host (Debian GNU/Linux 12 (bookworm)): its package sources offer Python 3.11",
            refused,
            StringComparison.Ordinal);
        Assert.Equal("12\n", await run.OnHostAsync(HostRole.Jenkins, ". /etc/os-release; echo $VERSION_ID"));

        // Temurin's repository, which only this host's facts call for, is checked from the host before any change.
        var unreachable = run.Expect(1, "--target=Deploy", "--javaPackage=temurin-21-jre");
        Assert.Contains(
            "temurinKeyUrl: https://packages.adoptium.net/artifactory/api/gpg/key/public (the apt signing key of Eclipse Temurin (Java for Jenkins), fetched on the jenkins host) cannot be fetched: the jenkins host cannot reach it (",
            unreachable,
            StringComparison.Ordinal);
        Assert.Contains("temurinRepositoryUrl: https://packages.adoptium.net/artifactory/deb (", unreachable, StringComparison.Ordinal);
        Assert.Contains("sudo tests/testbed/build-mirror.sh", unreachable, StringComparison.Ordinal);

        Assert.Equal(string.Empty, await run.OnHostAsync(HostRole.Jenkins, "dpkg-query -W -f='${db:Status-Abbrev}\\n' fontconfig jenkins 2>/dev/null | grep '^ii' || true"));
        Assert.Equal(string.Empty, await run.OnHostAsync(HostRole.Jenkins, "find /etc/apt/sources.list.d /etc/apt/keyrings -type f 2>/dev/null || true"));

        // The host keeps the release it was made from; the cache holds one root filesystem per release.
        var metadata = testbed.Testbed.InspectHost(run.Machine(HostRole.Jenkins)).Metadata!;
        Assert.Equal("bookworm", metadata.Release);
        Assert.StartsWith("bookworm-", Path.GetFileName(metadata.RootFilesystem), StringComparison.Ordinal);
        Assert.Contains(Directory.GetDirectories(testbed.Testbed.Options.RootfsCache), d => Path.GetFileName(d).StartsWith("trixie-", StringComparison.Ordinal));

        var first = run.Expect(0, "--target=Deploy");
        Assert.Contains("End-to-end checks passed", first, StringComparison.Ordinal);
        Assert.Contains(
            "jenkins host (Debian GNU/Linux 12 (bookworm)): Java: openjdk-17-jre-headless from Debian GNU/Linux 12 (bookworm)'s own packages (Jenkins 2.541.1 (the newest in jenkinsRepositoryUrl) needs Java 17 or newer)",
            first,
            StringComparison.Ordinal);
        Assert.Contains("jenkins host (Debian GNU/Linux 12 (bookworm)): Python: python3.11, Debian GNU/Linux 12 (bookworm)'s own python3", first, StringComparison.Ordinal);
        Assert.Equal("12\n", await run.OnHostAsync(HostRole.Monitoring, ". /etc/os-release; echo $VERSION_ID"));
        Assert.Equal("3.11\n", await run.OnHostAsync(HostRole.Jenkins, "/srv/microblog/venv/bin/python -c 'import sys; print(\"%d.%d\" % sys.version_info[:2])'"));
        Assert.Contains("flask 3.", await run.OnHostAsync(HostRole.Jenkins, "/srv/microblog/venv/bin/python -m pip list --format=freeze | tr A-Z a-z | sed 's/==/ /'"), StringComparison.Ordinal);
        Assert.Equal(["without token: 401", "with token: e2e e2e@example.com", "spanish: <title>Ingresar - Microblog</title>"], await run.UseTheAppAsync());

        var second = run.Expect(0, "--target=Deploy");
        Assert.Equal(
            ["ProvisionJenkins", "InstallJenkins", "ConfigurePython", "App", "Nginx", "GunicornService", "Sudoers", "NodeExporter", "JenkinsPipeline", "ProvisionMonitoring", "Monitoring", "GrafanaDashboard"],
            WorkloadRun.InSyncTasks(second));
        run.Expect(0, "--target=Deploy", "--plan");
    }
}
