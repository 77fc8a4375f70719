using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workload.Configuration;
using Workload.Hosts;
using Workload.Observability;
using Workload.State;

namespace Workload.Preflight;

/// <summary>
/// The files the settings name, read before they are needed: the SSH private key (a regular file, not open to
/// others, a key, not encrypted: the tool has no agent or passphrase source), the key files the state file names,
/// known_hosts, the state file itself (its values checked with the settings' formats), the AWS public key file, and
/// a local Grafana dashboard (JSON, a dashboard, bound to our data source, with its pinned digest). A dry run uses
/// none of them, and needs none.
/// </summary>
public sealed partial class ReferencedFilesCheck : IPreflightCheck
{
    /// <summary>The largest known_hosts file read.</summary>
    public const long MaxKnownHostsBytes = 4 * 1024 * 1024;

    /// <summary>The largest dashboard file read: Node Exporter Full is about 500 KiB.</summary>
    public const long MaxDashboardBytes = 16 * 1024 * 1024;

    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var refused = context.SettingsRead.Refused;
        var problems = new List<string>();
        if (scope.DryRun)
        {
            return Task.FromResult<IReadOnlyList<string>>(problems);
        }

        string Full(string path) => Path.GetFullPath(path, context.Environment.WorkingDirectory.FullPath);
        if (scope.ReachesHosts)
        {
            WorkloadState? state = null;
            if (!refused.Contains("stateFile") && !refused.Contains("project"))
            {
                try
                {
                    state = context.StateStore.Load();
                }
                catch (StateFileException exception)
                {
                    problems.Add($"stateFile: {exception.Message}");
                }
            }

            if (!refused.Contains("sshPrivateKey"))
            {
                // The local and aws providers make a key when there is none; existing hosts need one.
                problems.AddRange(PrivateKeyCheck.Problems(Full(settings.SshPrivateKey), mustExist: ProviderKind.Find(settings.Provider) is { MakesHosts: false }, settings.SshKeyPassphrase, SshAgent.FromEnvironment()).Select(p => $"sshPrivateKey: {p}"));
            }

            foreach (var (role, host) in state?.Hosts ?? [])
            {
                if (host.KeyFile.Length > 0 && host.KeyFile != Full(settings.SshPrivateKey))
                {
                    problems.AddRange(PrivateKeyCheck.Problems(host.KeyFile, mustExist: false, settings.SshKeyPassphrase, SshAgent.FromEnvironment()).Select(p => $"stateFile: the {role} host's key: {p}"));
                }
            }

            var knownHostsFile = Full(settings.KnownHostsFile);
            if (!refused.Contains("knownHostsFile") && LocalFile.Inspect(knownHostsFile).Kind != LocalFileKind.Missing
                && LocalFile.ReadableFileProblem(knownHostsFile, MaxKnownHostsBytes) is { } knownHosts)
            {
                problems.Add($"knownHostsFile: {knownHostsFile} {knownHosts}");
            }

            if (ProviderKind.Find(settings.Provider) is { UploadsPublicKey: true } && settings.PublicKeyFile is { } publicKey && !refused.Contains("publicKeyFile"))
            {
                problems.AddRange(PublicKeyProblems(publicKey));
            }
        }

        if (scope.Runs<GrafanaDashboard>() && settings.GrafanaDashboardFile is { } dashboard && !refused.Contains("grafanaDashboardFile"))
        {
            problems.AddRange(DashboardProblems(dashboard, settings.GrafanaDashboardSha256));
        }

        return Task.FromResult<IReadOnlyList<string>>(problems);
    }

    private static IEnumerable<string> PublicKeyProblems(string path)
    {
        if (LocalFile.ReadableFileProblem(path, 16 * 1024) is { } unreadable)
        {
            yield return $"publicKeyFile: {path} {unreadable}";
            yield break;
        }

        var text = File.ReadAllText(path).Trim();
        string? problem = null;
        try
        {
            var (type, key) = KnownHostsFile.ParsePublicKey(text);
            if (text.Contains('\n', StringComparison.Ordinal) || KnownHostsFile.KeyTypeOf(key) != type)
            {
                problem = "does not hold one OpenSSH public key";
            }
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            problem = "is not an OpenSSH public key";
        }

        if (problem is not null)
        {
            yield return $"publicKeyFile: {path} {problem}; expected one line such as 'ssh-ed25519 AAAA... comment' (a .pub file)";
        }
    }

    private static IEnumerable<string> DashboardProblems(string path, string? pinned)
    {
        if (LocalFile.ReadableFileProblem(path, MaxDashboardBytes) is { } unreadable)
        {
            yield return $"grafanaDashboardFile: {path} {unreadable}";
            yield break;
        }

        var bytes = File.ReadAllBytes(path);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (pinned is not null && !string.Equals(pinned, digest, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"grafanaDashboardFile: {path} has SHA-256 {digest}, not the pinned grafanaDashboardSha256 {pinned.ToLowerInvariant()}";
        }

        string? problem;
        try
        {
            problem = JsonNode.Parse(bytes) is JsonObject dashboard ? DashboardShape(dashboard) : "is JSON, but not an object";
        }
        catch (JsonException exception)
        {
            problem = $"is not valid JSON ({exception.Message.Split(" Path:")[0].TrimEnd('.')})";
        }

        if (problem is not null)
        {
            yield return $"grafanaDashboardFile: {path} {problem}; expected a Grafana dashboard's JSON (an object with a uid, a title and panels, as grafana.com's download gives it)";
        }
    }

    /// <summary>Null for a dashboard the tool can provision; otherwise what is wrong with it.</summary>
    private static string? DashboardShape(JsonObject dashboard)
    {
        if (dashboard["uid"] is not JsonValue uidValue || !uidValue.TryGetValue<string>(out var uid) || !UidPattern().IsMatch(uid))
        {
            return "has no uid of 1 to 40 letters, digits, '-' or '_' (Grafana's uid, and the name of its file on the host)";
        }

        if (dashboard["title"] is not JsonValue titleValue || !titleValue.TryGetValue<string>(out _))
        {
            return "has no title";
        }

        if (dashboard["panels"] is not JsonArray && dashboard["rows"] is not JsonArray)
        {
            return "has no panels";
        }

        try
        {
            DashboardSource.Bind(dashboard.DeepClone().AsObject());
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message.TrimEnd('.').Replace("The dashboard", "cannot be bound to the data source: it", StringComparison.Ordinal);
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,40}\z")]
    private static partial Regex UidPattern();
}
