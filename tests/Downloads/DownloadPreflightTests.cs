using System.Net;
using System.Net.Sockets;
using Workload.Downloads;
using Workload.Providers.Local;

namespace Workload.Tests.Downloads;

/// <summary>
/// The download preflight's parts: what a download's probes are, how each place reaches a URL (this machine over
/// real HTTP, a local provider's host through the mirror directory and the apt proxy, an EC2 or existing host that
/// fetches for itself) and the problems it reports. The whole preflight runs through the command line in
/// EndToEnd/FirstRunTests.
/// </summary>
public sealed class DownloadPreflightTests : IDisposable
{
    private readonly string _mirror = Directory.CreateTempSubdirectory("workload-mirror-").FullName;

    public void Dispose() => Directory.Delete(_mirror, recursive: true);

    [Fact]
    public void An_apt_repository_is_probed_at_its_signed_release_file()
    {
        Assert.Equal(
            ["https://pkg.jenkins.io/debian-stable/binary/InRelease", "https://pkg.jenkins.io/debian-stable/binary/Release"],
            Download.AptRepository("jenkinsRepositoryUrl", "https://pkg.jenkins.io/debian-stable/", "binary/", "Jenkins", HostRole.Jenkins).Probes);
        Assert.Equal(
            ["https://apt.grafana.com/dists/stable/InRelease", "https://apt.grafana.com/dists/stable/Release"],
            Download.AptRepository("grafanaRepositoryUrl", "https://apt.grafana.com", "stable main", "Grafana", HostRole.Monitoring).Probes);
        Assert.Equal(
            ["https://example.org/app.git/info/refs?service=git-upload-pack"],
            Download.GitRepository("appRepository", "https://example.org/app.git", "app", HostRole.Jenkins).Probes);
        Assert.False(Download.GitRepository("appRepository", "git@github.com:kura-labs-org/app.git", "app", HostRole.Jenkins).IsCheckable);
    }

    [Fact]
    public async Task A_local_host_reaches_what_the_mirror_directory_holds_and_nothing_beyond_this_machine()
    {
        var options = Options();
        Directory.CreateDirectory(Path.Combine(_mirror, "testbed", "jenkins", "debian-stable", "binary"));
        File.WriteAllText(Path.Combine(_mirror, "testbed", "jenkins", "debian-stable", "binary", "Release"), "Origin: test\n");
        Directory.CreateDirectory(Path.Combine(_mirror, "testbed", "pypi", "simple"));
        File.WriteAllText(Path.Combine(_mirror, "testbed", "pypi", "simple", "index.html"), "<html></html>");
        var thisMachine = new RecordingRoute();
        var route = new LocalTestbedRoute(options, thisMachine);
        var mirror = "http://10.231.77.1:8081/testbed";

        var problems = await ProblemsAsync(
            route,
            Download.AptRepository("jenkinsRepositoryUrl", $"{mirror}/jenkins/debian-stable", "binary/", "Jenkins' apt repository", HostRole.Jenkins),
            Download.PythonIndex("pipIndexUrl", $"{mirror}/pypi/simple", "the index", HostRole.Jenkins),
            Download.File("jenkinsKeyUrl", $"{mirror}/jenkins/debian-stable/jenkins.io-2026.key", "Jenkins' apt signing key", HostRole.Jenkins),
            Download.File("nodeExporterBaseUrl", "https://github.com/prometheus/node_exporter/releases/download/v1.11.1/node_exporter-1.11.1.linux-amd64.tar.gz", "the node_exporter release", HostRole.Jenkins),
            Download.AptRepository("grafanaRepositoryUrl", "http://apt.example.org/grafana", "stable main", "Grafana's apt repository", HostRole.Monitoring));

        Assert.Equal(2, problems.Count);
        Assert.Equal(
            $"jenkinsKeyUrl: {mirror}/jenkins/debian-stable/jenkins.io-2026.key (Jenkins' apt signing key, fetched on the jenkins host) cannot be fetched: " +
            $"the mirror at http://10.231.77.1:8081/ does not serve it ({_mirror}/testbed/jenkins/debian-stable/jenkins.io-2026.key does not exist); point jenkinsKeyUrl at a mirror that serves the same path",
            problems[0]);
        Assert.StartsWith("nodeExporterBaseUrl: https://github.com/prometheus/node_exporter/releases/download/v1.11.1/node_exporter-1.11.1.linux-amd64.tar.gz (the node_exporter release, fetched on the jenkins host) cannot be fetched: the local provider's hosts reach only this machine", problems[1], StringComparison.Ordinal);

        // An http apt repository is fetched through the apt proxy on this machine: asked from here (and it answered).
        Assert.Equal(["http://apt.example.org/grafana/dists/stable/InRelease"], thisMachine.Asked);
    }

    [Fact]
    public async Task This_machine_asks_over_http_and_says_what_answered()
    {
        using var server = new TestServer(request => request.Url!.AbsolutePath switch
        {
            "/ok" => 200,
            "/head-refused" when request.HttpMethod == "HEAD" => 405,
            "/head-refused" when request.Headers["Range"] == "bytes=0-0" => 206,
            _ => 404,
        });
        using var thisMachine = new ThisMachineRoute();
        var closed = $"http://127.0.0.1:{FreePort()}/nothing-listens";

        var problems = await ProblemsAsync(
            thisMachine,
            Download.File("a", server.Url + "ok", "a file", null),
            Download.File("b", server.Url + "head-refused", "a file served to GET only", null),
            Download.File("c", server.Url + "missing", "a missing file", null),
            Download.File("d", closed, "a file on a closed port", null));

        Assert.Equal(2, problems.Count);
        Assert.Equal($"c: {server.Url}missing (a missing file, fetched by this machine) cannot be fetched: answers 404 Not Found; point c at a mirror that serves the same path", problems[0]);
        Assert.StartsWith($"d: {closed} (a file on a closed port, fetched by this machine) cannot be fetched: cannot be reached from this machine (Connection refused", problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_remote_host_fetches_for_itself_so_only_an_http_error_stops_the_run()
    {
        using var server = new TestServer(_ => 404);
        using var thisMachine = new ThisMachineRoute();
        var warnings = new List<string>();

        var problems = await DownloadPreflight.ProblemsAsync(
            [
                Download.File("nodeExporterBaseUrl", server.Url + "v9.9.9/node_exporter.tar.gz", "the node_exporter release", HostRole.Jenkins),
                Download.File("grafanaKeyUrl", $"http://127.0.0.1:{FreePort()}/gpg.key", "Grafana's key", HostRole.Monitoring),
            ],
            _ => new RemoteHostRoute(thisMachine),
            warnings.Add,
            CancellationToken.None);

        Assert.Contains("answers 404 Not Found", Assert.Single(problems), StringComparison.Ordinal);
        Assert.EndsWith("the host fetches it itself, so the run goes on", Assert.Single(warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void The_advice_for_the_local_provider_is_the_readmes_mirror_path_with_this_testbeds_values()
    {
        var settings = SettingsLoader.Load(new SettingsSources(
            _mirror,
            new Dictionary<string, IReadOnlyList<string>>
            {
                ["localMirrorDirectory"] = [_mirror],
                ["localSubnet"] = ["10.231.77.0/24"],
            },
            new Dictionary<string, string>()));

        var advice = DownloadPreflight.Advice(settings);

        Assert.Contains($"sudo tests/testbed/build-mirror.sh {_mirror} http://10.231.77.1:8081 > workload.testbed.json", advice, StringComparison.Ordinal);
        Assert.Contains("./build.sh --target=Deploy --config=workload.testbed.json", advice, StringComparison.Ordinal);
        Assert.Contains("README: \"Quick start\"", advice, StringComparison.Ordinal);
    }

    private LocalTestbedOptions Options() => new()
    {
        StateDirectory = "/var/lib/workload-testbed-unused",
        RootfsCache = "/var/cache/workload-testbed-unused",
        Subnet = IPNetwork.Parse("10.231.77.0/24"),
        BridgeName = "wl-unused",
        MirrorDirectory = _mirror,
    };

    private static Task<IReadOnlyList<string>> ProblemsAsync(DownloadRoute route, params Download[] downloads) =>
        DownloadPreflight.ProblemsAsync(downloads, _ => route, warning => throw new InvalidOperationException(warning), CancellationToken.None);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class RecordingRoute : DownloadRoute
    {
        public List<string> Asked { get; } = [];

        public override Task<Reach> ProbeAsync(string url, Download download, CancellationToken cancellationToken)
        {
            Asked.Add(url);
            return Task.FromResult(Reach.Ok);
        }
    }

    /// <summary>A real HTTP server on loopback that answers each request with the status <c>answer</c> gives.</summary>
    private sealed class TestServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _serving;

        public TestServer(Func<HttpListenerRequest, int> answer)
        {
            Url = $"http://127.0.0.1:{FreePort()}/";
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _serving = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext context;
                    try
                    {
                        context = await _listener.GetContextAsync();
                    }
                    catch (HttpListenerException)
                    {
                        return;
                    }
                    catch (ObjectDisposedException)
                    {
                        return;
                    }

                    context.Response.StatusCode = answer(context.Request);
                    context.Response.Close();
                }
            });
        }

        public string Url { get; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
    }
}
