using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Workload.Tests.Conventions;

namespace Workload.Tests.Jenkins;

/// <summary>
/// The Jenkins TEST DOUBLE of the testbed's mirror (tests/testbed/mirror/doubles/jenkins), run here as a process on a
/// free port with a JENKINS_HOME of its own, the plugins a test chooses and one user, as the package's unit runs it.
/// </summary>
internal sealed class JenkinsDouble : IDisposable
{
    public const string User = "admin";
    public const string Password = "double-Pw-5a1";

    private Process? _process;

    public JenkinsDouble(IEnumerable<string> plugins)
    {
        Home = Directory.CreateTempSubdirectory("workload-jenkins-double-").FullName;
        Directory.CreateDirectory(Path.Combine(Home, "plugins"));
        foreach (var plugin in plugins)
        {
            using var archive = ZipFile.Open(Path.Combine(Home, "plugins", plugin + ".jpi"), ZipArchiveMode.Create);
            using var writer = new StreamWriter(archive.CreateEntry("META-INF/MANIFEST.MF").Open());
            writer.Write($"Manifest-Version: 1.0\r\nShort-Name: {plugin}\r\nPlugin-Version: 1.0-test\r\n\r\n");
        }

        File.WriteAllText(Path.Combine(Home, "..", Path.GetFileName(Home) + ".casc.yaml"), $"jenkins:\n  securityRealm:\n    local:\n      users:\n        - id: {User}\n          password: {Password}\n");
        Port = FreePort();
        Start();
    }

    /// <summary>Every plugin the workload's pipeline needs.</summary>
    public static IReadOnlyList<string> PipelinePlugins { get; } =
        ["workflow-aggregator", "workflow-multibranch", "git", "junit", "credentials", "plain-credentials", "credentials-binding", "dependency-check-jenkins-plugin", "cloudbees-folder", "branch-api"];

    public string Home { get; }

    public int Port { get; }

    public Uri BaseUrl => new($"http://127.0.0.1:{Port}/");

    public static string Script => Path.Combine(TaskConventionTests.RepositoryRoot(), "tests", "testbed", "mirror", "doubles", "jenkins", "usr", "share", "jenkins", "jenkins_double.py");

    /// <summary>Stops the service and starts it again, as systemctl restart does.</summary>
    public void Restart()
    {
        Stop();
        Start();
    }

    /// <summary>A client logged in as the admin user with a password, keeping the session cookie as a browser does.</summary>
    public HttpClient Client(string? password = Password, string user = User)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (password is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }

        return client;
    }

    /// <summary>Fetches a crumb and sets it on the client for the posts that follow.</summary>
    public static async Task<string> CrumbAsync(HttpClient client)
    {
        var crumb = JsonNode.Parse(await client.GetStringAsync(new Uri("crumbIssuer/api/json", UriKind.Relative)))!;
        var value = crumb["crumb"]!.GetValue<string>();
        client.DefaultRequestHeaders.Remove("Jenkins-Crumb");
        client.DefaultRequestHeaders.Add(crumb["crumbRequestField"]!.GetValue<string>(), value);
        return value;
    }

    public static async Task<HttpResponseMessage> PostXmlAsync(HttpClient client, string path, string xml) =>
        await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(xml, Encoding.UTF8, "application/xml"));

    /// <summary>Waits until <paramref name="condition"/> holds, polling; fails after a minute.</summary>
    public static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited a minute for {what}");
            }

            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(Home, recursive: true);
        File.Delete(Path.Combine(Home, "..", Path.GetFileName(Home) + ".casc.yaml"));
    }

    private void Start()
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Script);
        start.Environment["JENKINS_HOME"] = Home;
        start.Environment["JENKINS_PORT"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["JENKINS_LISTEN_ADDRESS"] = "127.0.0.1";
        start.Environment["JAVA_OPTS"] = "-Djava.awt.headless=true -Djenkins.install.runSetupWizard=false";
        start.Environment["CASC_JENKINS_CONFIG"] = Path.Combine(Home, "..", Path.GetFileName(Home) + ".casc.yaml");
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                using var socket = new TcpClient();
                socket.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                Thread.Sleep(100);
            }
        }
    }

    private void Stop()
    {
        ProgramRun.Stop(_process);
        _process = null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
