using Workload.Configuration;
using Workload.Context;
using Workload.Hosts;
using Workload.State;

namespace Workload.Preflight;

/// <summary>
/// The files the settings name, read before they are needed: the SSH private key (a regular file, not open to
/// others, a key, not encrypted: the tool has no agent or passphrase source), the key files the state file names,
/// known_hosts, the state file itself (its values checked with the settings' formats) and the AWS public key file
/// (the Grafana dashboard's file is <c>Observability.DashboardFileCheck</c>'s). A dry run uses none of them, and
/// needs none.
/// </summary>
public sealed class ReferencedFilesCheck : IPreflightCheck
{
    /// <summary>The largest known_hosts file read.</summary>
    public const long MaxKnownHostsBytes = 4 * 1024 * 1024;

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
}
