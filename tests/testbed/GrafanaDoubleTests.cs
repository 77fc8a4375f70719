using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Workload.Tests.Testbed;

/// <summary>
/// The grafana TEST DOUBLE itself (tests/testbed/mirror/doubles/grafana), run on this machine as its unit runs
/// it, for the behaviours of Grafana 13 it must have: provisioned data sources kept in its database across
/// restarts, a dashboard with unresolved data source references served with 200, admin_password applied only
/// on the first start, no program of the removed names, and grafana-cli's deprecation warning.
/// </summary>
public sealed class GrafanaDoubleTests : IDisposable
{
    private static readonly string Double = Path.Combine(Conventions.TaskConventionTests.RepositoryRoot(), "tests", "testbed", "mirror", "doubles", "grafana");
    private static readonly string Binary = Path.Combine(Double, "usr", "share", "grafana", "bin", "grafana");
    private readonly string _directory = Directory.CreateTempSubdirectory("workload-grafana-double-").FullName;
    private readonly int _port = FreePort();
    private Process? _server;

    public GrafanaDoubleTests()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "data"));
        Directory.CreateDirectory(Path.Combine(_directory, "provisioning", "datasources"));
        Directory.CreateDirectory(Path.Combine(_directory, "provisioning", "dashboards"));
        Directory.CreateDirectory(Path.Combine(_directory, "dashboards"));
        WriteConfig("first-Pw-1");
    }

    private string Provisioning => Path.Combine(_directory, "provisioning");

    public void Dispose()
    {
        Stop();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task ProvisionedDataSourcesAreKeptInItsDatabaseAcrossRestarts()
    {
        var file = Path.Combine(Provisioning, "datasources", "prom.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    uid: prom\n    type: prometheus\n    url: http://127.0.0.1:9\n");
        await StartAsync();
        var before = await GetAsync("/api/datasources", "admin", "first-Pw-1");
        Stop();

        File.Delete(file);
        await StartAsync();
        var after = await GetAsync("/api/datasources", "admin", "first-Pw-1");

        Assert.Equal(["prom"], Uids(before));
        Assert.Equal(["prom"], Uids(after));
    }

    [Fact]
    public async Task DeleteDatasourcesRemovesOneFromItsDatabase()
    {
        var file = Path.Combine(Provisioning, "datasources", "prom.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: 1\ndatasources:\n  - name: Prometheus\n    uid: prom\n    type: prometheus\n    url: http://127.0.0.1:9\n");
        await StartAsync();
        Stop();

        await File.WriteAllTextAsync(file, "apiVersion: 1\ndeleteDatasources:\n  - name: Prometheus\n");
        await StartAsync();

        Assert.Empty(Uids(await GetAsync("/api/datasources", "admin", "first-Pw-1")));
    }

    [Fact]
    public async Task ADashboardWithAnUnboundInputIsServedWith200AsGrafanaServesIt()
    {
        await File.WriteAllTextAsync(
            Path.Combine(Provisioning, "dashboards", "p.yaml"),
            $"apiVersion: 1\nproviders:\n  - name: p\n    type: file\n    options:\n      path: {Path.Combine(_directory, "dashboards")}\n");
        await File.WriteAllTextAsync(
            Path.Combine(_directory, "dashboards", "d.json"),
            """{"uid": "rYdddlPWk", "title": "Node Exporter Full", "panels": [{"datasource": {"type": "prometheus", "uid": "${DS_PROMETHEUS}"}}]}""");
        await StartAsync();

        var (status, body) = await RequestAsync("/api/dashboards/uid/rYdddlPWk", "admin", "first-Pw-1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("${DS_PROMETHEUS}", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminPasswordAppliesOnlyOnTheFirstStartAndTheCliSetsIt()
    {
        await StartAsync();
        Stop();
        WriteConfig("changed-in-ini-2");
        await StartAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestAsync("/api/user", "admin", "changed-in-ini-2")).Status);
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync("/api/user", "admin", "first-Pw-1")).Status);

        var (exit, output) = Run(Binary, ["cli", $"--homepath={Home}", $"--config={Config}", $"--configOverrides=cfg:default.paths.data={Data}", "admin", "reset-admin-password", "--password-from-stdin"], "by-cli-Pw-3\n");
        Assert.True(exit == 0, output);
        Assert.Equal(HttpStatusCode.OK, (await RequestAsync("/api/user", "admin", "by-cli-Pw-3")).Status);
    }

    [Fact]
    public async Task APasswordChangedThroughTheApiAsInTheUiReplacesTheStoredOne()
    {
        await StartAsync();
        using var client = Client("admin", "first-Pw-1");
        using var content = new StringContent("""{"oldPassword": "first-Pw-1", "newPassword": "in-the-ui-4", "confirmNew": "in-the-ui-4"}""", Encoding.UTF8, "application/json");

        var changed = await client.PutAsync(new Uri($"http://127.0.0.1:{_port}/api/user/password"), content);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await RequestAsync("/api/user", "admin", "first-Pw-1")).Status);
    }

    [Fact]
    public void TheBinaryAnswersToNoRemovedProgramName()
    {
        var renamed = Path.Combine(_directory, "grafana-server");
        File.CreateSymbolicLink(renamed, Binary);

        var (exit, output) = Run(renamed, [$"--homepath={Home}", $"--config={Config}"]);

        Assert.NotEqual(0, exit);
        Assert.Contains("unknown command", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("grafana-cli", "grafana cli")]
    [InlineData("grafana-server", "grafana server")]
    public void TheRemovedProgramsWrappersWarnThatGrafana13RemovedThem(string wrapper, string replacement)
    {
        var (_, output) = Run("/bin/sh", [Path.Combine(Double, "usr", "sbin", wrapper), "--version"]);

        Assert.Contains($"Deprecation warning: '{wrapper}' is deprecated and will be removed in a future release. Use the '{replacement}' subcommand instead.", output, StringComparison.Ordinal);
    }

    private static string Home => Path.Combine(Double, "usr", "share", "grafana");

    private string Config => Path.Combine(_directory, "grafana.ini");

    private string Data => Path.Combine(_directory, "data");

    private static List<string> Uids(string json) =>
        JsonNode.Parse(json)!.AsArray().Select(d => d!["uid"]!.GetValue<string>()).ToList();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static (int ExitCode, string Output) Run(string program, IEnumerable<string> arguments, string? input = null)
    {
        var (exitCode, output, error) = ProgramRun.Run(program, arguments, input);
        return (exitCode, output + error);
    }

    private void WriteConfig(string adminPassword) =>
        File.WriteAllText(Config, $"[server]\nhttp_addr = 127.0.0.1\nhttp_port = {_port}\n[security]\nadmin_user = admin\nadmin_password = {adminPassword}\n");

    private async Task StartAsync()
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "server", $"--homepath={Home}", $"--config={Config}", $"cfg:default.paths.data={Data}", $"cfg:default.paths.provisioning={Provisioning}" })
        {
            start.ArgumentList.Add(argument);
        }

        _server = Process.Start(start)!;
        var log = _server.StandardError.ReadToEndAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"The grafana double exited ({_server.ExitCode}): {await log}");
            }

            try
            {
                if ((await client.GetAsync(new Uri($"http://127.0.0.1:{_port}/api/health"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("The grafana double did not answer /api/health within 10 s.");
    }

    private void Stop()
    {
        ProgramRun.Stop(_server);
        _server = null;
    }

    private static HttpClient Client(string user, string password)
    {
        var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private async Task<(HttpStatusCode Status, string Body)> RequestAsync(string path, string user, string password)
    {
        using var client = Client(user, password);
        var response = await client.GetAsync(new Uri($"http://127.0.0.1:{_port}{path}"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> GetAsync(string path, string user, string password)
    {
        var (status, body) = await RequestAsync(path, user, password);
        Assert.True(status == HttpStatusCode.OK, $"GET {path}: {status} {body}");
        return body;
    }
}
