using Renci.SshNet.Common;
using Workload.Configuration;

namespace Workload.Hosts;

/// <summary>
/// Refuses a private key file that SSH could not use, as OpenSSH does and before any connection: missing, not a
/// regular file, readable by others, unreadable, not a key, or encrypted (the tool has no agent and no passphrase
/// source, so an encrypted key would only fail at the first login).
/// </summary>
public static class PrivateKeyCheck
{
    /// <summary>The largest key file read: an RSA key of 16384 bits is about 13 KiB.</summary>
    public const long MaxBytes = 64 * 1024;

    /// <summary>
    /// What is wrong with the key file at <paramref name="path"/>, as sentences that name it; empty when a login can
    /// use it. A missing file is a problem only when <paramref name="mustExist"/> (providers that make a key when there
    /// is none do not need it).
    /// </summary>
    public static IReadOnlyList<string> Problems(string path, bool mustExist)
    {
        var file = LocalFile.Inspect(path);
        if (file.Kind == LocalFileKind.Missing)
        {
            return mustExist ? [$"the private key file {path} does not exist"] : [];
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
            using var key = new Renci.SshNet.PrivateKeyFile(path);
        }
        catch (SshPassPhraseNullOrEmptyException)
        {
            return [$"the private key file {path} is encrypted with a passphrase, and the tool has no SSH agent or passphrase source; " +
                $"give it a key without a passphrase (a copy decrypted with ssh-keygen -p -N '' -f COPY, kept at mode 0600)"];
        }
        catch (Exception exception) when (exception is SshException or ArgumentException or FormatException or InvalidOperationException or NotSupportedException)
        {
            return [$"the private key file {path} is not a private key the tool can read (OpenSSH or PEM format: ed25519, ECDSA or RSA): {exception.Message.TrimEnd('.')}"];
        }

        return [];
    }

    /// <summary>Throws <see cref="HostConnectionException"/> naming the endpoint when its key file cannot be used.</summary>
    public static void Require(HostEndpoint endpoint)
    {
        var problems = Problems(endpoint.KeyFile, mustExist: true);
        if (problems.Count > 0)
        {
            throw new HostConnectionException($"Cannot connect to {endpoint.Describe()}: {problems[0]} (setting sshPrivateKey).");
        }
    }
}
