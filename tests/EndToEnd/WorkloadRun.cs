using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Workload.Providers.Local;
using Workload.Tests.CommandLine;

namespace Workload.Tests.EndToEnd;

/// <summary>
/// A user's working directory for the real tool against the tests' testbed: the configuration the mirror script
/// printed, pointed at the tests' testbed, a project of its own (so its machines are its own), and the run's secrets.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class WorkloadRun
{
    private readonly TestbedFixture _testbed;
    private readonly Dictionary<string, string> _environment;

    public WorkloadRun(TestbedFixture testbed, MirrorFixture mirror, string purpose)
        : this(testbed, mirror, mirror.Configuration.DeepClone().AsObject(), purpose)
    {
    }

    /// <summary>
    /// A run with <paramref name="configuration"/> on the tests' testbed. Unless the configuration is empty (the
    /// defaults, whose appRepository is left as it is), the run's app repository is the mirror's fixture with the
    /// pipeline the tool writes.
    /// </summary>
    public WorkloadRun(TestbedFixture testbed, MirrorFixture mirror, JsonObject configuration, string purpose)
    {
        var defaults = configuration.Count == 0;
        _testbed = testbed;
        Project = $"wlt-{purpose}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
        Directory = Path.Combine(testbed.WorkDirectory, Project);
        System.IO.Directory.CreateDirectory(Directory);
        var options = testbed.Testbed.Options;
        configuration["project"] = Project;
        configuration["localStateDirectory"] = options.StateDirectory;
        configuration["localRootfsCache"] = options.RootfsCache;
        configuration["localSubnet"] = options.Subnet.ToString();
        configuration["localBridge"] = options.BridgeName;
        configuration["localMirrorDirectory"] = options.MirrorDirectory;

        // The app's repository of this run, served by the mirror: the fixture with the pipeline the tool writes, as a
        // user has it after ./build.sh --target=Jenkinsfile, commit and push.
        ServedRepository = Path.Combine(options.MirrorDirectory, "runs", Project, "microblog.git");
        AppRepository = new Uri(options.MirrorUrl, $"runs/{Project}/microblog.git").ToString();
        if (!defaults)
        {
            configuration["appRepository"] = AppRepository;
        }

        File.WriteAllText(Path.Combine(Directory, "workload.json"), configuration.ToJsonString());
        _environment = new Dictionary<string, string>
        {
            ["WORKLOAD_GRAFANA_ADMIN_PASSWORD"] = GrafanaPassword,
            ["WORKLOAD_JENKINS_ADMIN_PASSWORD"] = JenkinsPassword,
            ["WORKLOAD_NVD_API_KEY"] = NvdApiKey,
        };
        foreach (var role in Enum.GetValues<HostRole>())
        {
            testbed.TrackHost(LocalHostProvider.MachineName(Project, role));
        }

        Checkout = Path.Combine(Directory, "app");
        if (defaults)
        {
            return;
        }

        Git(Directory, "clone", "-q", Path.Combine(mirror.Directory, mirror.Manifest["app"]!["path"]!.GetValue<string>()), Checkout);
        Expect(0, "--target=Jenkinsfile", "--app=" + Checkout);
        Commit("Jenkinsfile written by ./build.sh --target=Jenkinsfile");
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(ServedRepository)!);
        Git(Directory, "clone", "-q", "--bare", Checkout, ServedRepository);
        Git(ServedRepository, "update-server-info");
    }

    /// <summary>The environment of the runs: the run's secrets; a test may add variables (GITHUB_ACTIONS, say).</summary>
    public Dictionary<string, string> Environment => _environment;

    public const string GrafanaPassword = "grafana-Pw-7d3f91";
    public const string JenkinsPassword = "jenkins-Pw-2b8e44";

    /// <summary>A made-up NVD API key: the testbed's Dependency-Check is a double that reads no database.</summary>
    public const string NvdApiKey = "5c1e0b7a-nvd-key-of-the-tests-2f9d41";

    /// <summary>The URL the hosts clone this run's app repository from (the appRepository setting).</summary>
    public string AppRepository { get; }

    /// <summary>A clone of this run's app repository, to commit to.</summary>
    public string Checkout { get; }

    /// <summary>This run's app repository (bare), served to the hosts as appRepository.</summary>
    public string ServedRepository { get; }

    /// <summary>Commits everything in <see cref="Checkout"/> and returns the commit.</summary>
    public string Commit(string message)
    {
        Git(Checkout, "add", "-A");
        Git(Checkout, "-c", "user.name=Workload tests", "-c", "user.email=tests@example.invalid", "commit", "-q", "-m", message);
        return Git(Checkout, "rev-parse", "HEAD").Trim();
    }

    /// <summary>Pushes <see cref="Checkout"/>'s main to the served repository, as a developer pushes.</summary>
    public void Push()
    {
        Git(Checkout, "push", "-q", ServedRepository, "HEAD:main");
        Git(ServedRepository, "update-server-info");
    }

    private static string Git(string directory, params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)} failed: {error}");
        return output;
    }

    public string Project { get; }

    public string Directory { get; }

    /// <summary>Runs ./build.sh's program here with <paramref name="args"/>; <paramref name="without"/> names environment variables to leave out.</summary>
    public (int ExitCode, string Output) Run(string[] args, params string[] without)
    {
        var environment = _environment.Where(e => !without.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value);
        var (exitCode, output) = WorkloadProcess.Run(Directory, environment, args);
        _testbed.Log($"{Project}: workload {string.Join(' ', args)} -> {exitCode}");
        Assert.DoesNotContain(GrafanaPassword, output, StringComparison.Ordinal);
        Assert.DoesNotContain(JenkinsPassword, output, StringComparison.Ordinal);
        Assert.DoesNotContain(NvdApiKey, output, StringComparison.Ordinal);
        return (exitCode, output);
    }

    /// <summary>Runs and requires <paramref name="expected"/> as the exit code, showing the output when it is not.</summary>
    public string Expect(int expected, params string[] args)
    {
        var (exitCode, output) = Run(args);
        Assert.True(exitCode == expected, $"workload {string.Join(' ', args)} exited {exitCode}, expected {expected}:\n{output}");
        return output;
    }

    /// <summary>The address the state file recorded for a host.</summary>
    public string Address(HostRole role)
    {
        var state = JsonNode.Parse(File.ReadAllText(Path.Combine(Directory, ".workload", "state.json")))!;
        return state["hosts"]![role == HostRole.Jenkins ? "jenkins" : "monitoring"]!["publicAddress"]!.GetValue<string>();
    }

    public string Machine(HostRole role) => LocalHostProvider.MachineName(Project, role);

    /// <summary>Runs a command as root on a host, out of band.</summary>
    public async Task<string> OnHostAsync(HostRole role, string script)
    {
        var result = await _testbed.Testbed.RunAsRootAsync(Machine(role), ["sh", "-c", script], CancellationToken.None);
        Assert.True(result.Succeeded, $"{script}: {result.StandardError}");
        return result.StandardOutput;
    }

    /// <summary>
    /// Uses the deployed app as a client would, through nginx on the Jenkins host: registers a user through the API,
    /// takes a token with basic auth, reads the user back with it, and asks for the sign-in page in Spanish.
    /// Returns what each step answered, one line each.
    /// </summary>
    public async Task<string[]> UseTheAppAsync()
    {
        var answers = await OnHostAsync(HostRole.Jenkins, """
            set -e
            app=http://127.0.0.1
            created=$(curl -sS -X POST -H 'Content-Type: application/json' -d '{"username": "e2e", "email": "e2e@example.com", "password": "e2e-Pw-4f2a"}' $app/api/users)
            id=$(printf '%s' "$created" | python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
            token=$(curl -sS -X POST -u e2e:e2e-Pw-4f2a $app/api/tokens | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
            echo "without token: $(curl -s -o /dev/null -w '%{http_code}' $app/api/users/$id)"
            echo "with token: $(curl -sS -H "Authorization: Bearer $token" $app/api/users/$id | python3 -c 'import json, sys; u = json.load(sys.stdin); print(u["username"], u["email"])')"
            echo "spanish: $(curl -sS -H 'Accept-Language: es' $app/auth/login | grep -o '<title>[^<]*</title>')"
            """);
        return answers.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Writes a template override and returns the templatesDirectory argument that selects it.</summary>
    public string OverrideTemplate(string name, string content)
    {
        var path = Path.Combine(Directory, "templates", name);
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return "--templatesDirectory=" + Path.Combine(Directory, "templates");
    }

    /// <summary>The report's lines for tasks skipped as in sync.</summary>
    public static IReadOnlyList<string> InSyncTasks(string output) =>
        output.Split('\n').Where(l => l.Contains("Skipped", StringComparison.Ordinal) && l.Contains("in sync", StringComparison.Ordinal))
            .Select(l => l.Trim().Split(' ')[0]).ToList();
}
