using System.Net.Sockets;
using Renci.SshNet;
using Renci.SshNet.Common;
using Workload.Configuration;

namespace Workload.Hosts;

/// <summary>
/// The keys a login offers, as OpenSSH's ssh does: the ssh-agent's (SSH_AUTH_SOCK) first, then the key file, decrypted
/// with sshKeyPassphrase when it is encrypted. A key file SSH could not use is refused before any connection: missing
/// (with no agent key to use instead), not a regular file, readable by others, unreadable, not a key, encrypted with
/// no passphrase given (and no agent), or a passphrase that does not open it.
/// </summary>
public static class PrivateKeyCheck
{
    /// <summary>The largest key file read: an RSA key of 16384 bits is about 13 KiB.</summary>
    public const long MaxBytes = 64 * 1024;

    private const string PassphraseVariable = WorkloadSettings.EnvironmentPrefix + "SSH_KEY_PASSPHRASE";

    /// <summary>
    /// What is wrong with the key file at <paramref name="path"/>, as sentences that name it; empty when a login can
    /// use it or the agent's keys. A missing file is a problem only when <paramref name="mustExist"/> (providers that
    /// make a key when there is none do not need it) and the agent holds no key.
    /// </summary>
    public static IReadOnlyList<string> Problems(string path, bool mustExist, Secret? passphrase = null, SshAgent? agent = null)
    {
        var file = LocalFile.Inspect(path);
        if (file.Kind == LocalFileKind.Missing)
        {
            if (!mustExist || AgentKeys(agent).Count > 0)
            {
                return [];
            }

            return [$"the private key file {path} does not exist" + (agent is null ? string.Empty : $", and the SSH agent at {agent.SocketPath} ({SshAgent.SocketVariable}) {AgentState(agent)}")];
        }

        if (LocalFile.ReadableFileProblem(path, MaxBytes) is { } unreadable)
        {
            return [$"the private key file {path} {unreadable}"];
        }

        if (!OperatingSystem.IsWindows() && file.IsOpenToOthers)
        {
            return [$"the private key file {path} is accessible by group or others (mode {file.OctalMode}); run chmod 600 {path}"];
        }

        try
        {
            using var key = Open(path, passphrase);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            // OpenSSH would ask for the passphrase; the tool runs unattended, so an agent key stands in or the run stops here.
            return AgentKeys(agent).Count > 0
                ? []
                : [$"the private key file {path} is encrypted with a passphrase, and no passphrase source exists: set {PassphraseVariable} " +
                    $"(setting sshKeyPassphrase), or load the key into an ssh-agent (ssh-add {path}) and set {SshAgent.SocketVariable}" +
                    (agent is null ? string.Empty : $" (the agent at {agent.SocketPath} {AgentState(agent)})")];
        }
        catch (Exception exception) when (passphrase is not null && IsUnreadable(exception) && IsEncrypted(path))
        {
            return [$"the private key file {path} could not be opened with the passphrase in {PassphraseVariable} (is it the right one?): {exception.Message.TrimEnd('.')}"];
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            return [$"the private key file {path} is not a private key the tool can read (OpenSSH or PEM format: ed25519, ECDSA or RSA): {exception.Message.TrimEnd('.')}"];
        }

        return [];
    }

    /// <summary>Throws <see cref="HostConnectionException"/> naming the endpoint when neither its key file nor the agent can be used.</summary>
    public static void Require(HostEndpoint endpoint, Secret? passphrase = null, SshAgent? agent = null)
    {
        var problems = Problems(endpoint.KeyFile, mustExist: true, passphrase, agent);
        if (problems.Count > 0)
        {
            throw new HostConnectionException($"Cannot connect to {endpoint.Describe()}: {problems[0]} (setting sshPrivateKey).");
        }
    }

    /// <summary>The keys a login offers, in OpenSSH's order: the agent's, then the key file when it exists and opens.</summary>
    public static IReadOnlyList<IPrivateKeySource> LoginKeys(string path, Secret? passphrase, SshAgent? agent)
    {
        var keys = new List<IPrivateKeySource>(AgentKeys(agent));
        if (LocalFile.Inspect(path).Kind != LocalFileKind.Missing)
        {
            try
            {
                keys.Add(Open(path, passphrase));
            }
            catch (SshPassPhraseNullOrEmptyException) when (keys.Count > 0)
            {
                // An encrypted file without a passphrase: the agent's keys are offered alone, as the preflight said.
            }
        }

        return keys;
    }

    private static PrivateKeyFile Open(string path, Secret? passphrase) =>
        passphrase is null ? new PrivateKeyFile(path) : new PrivateKeyFile(path, passphrase.Reveal());

    /// <summary>True when the file is a key that needs a passphrase: a failure with one is then the passphrase's.</summary>
    private static bool IsEncrypted(string path)
    {
        try
        {
            using var key = Open(path, null);
            return false;
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            return true;
        }
        catch (Exception exception) when (IsUnreadable(exception))
        {
            return false;
        }
    }

    private static bool IsUnreadable(Exception exception) =>
        exception is SshException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException or System.Security.Cryptography.CryptographicException;

    /// <summary>The agent's keys; none when there is no agent or it cannot be reached (a login then uses the key file alone).</summary>
    private static IReadOnlyList<AgentIdentity> AgentKeys(SshAgent? agent)
    {
        if (agent is null)
        {
            return [];
        }

        try
        {
            return agent.Identities();
        }
        catch (Exception exception) when (exception is IOException or SocketException)
        {
            return [];
        }
    }

    private static string AgentState(SshAgent agent)
    {
        try
        {
            var count = agent.Identities().Count;
            return count == 0 ? "holds no key" : $"holds {count} key(s)";
        }
        catch (Exception exception) when (exception is IOException or SocketException)
        {
            return $"cannot be reached: {exception.Message.TrimEnd('.')}";
        }
    }
}
