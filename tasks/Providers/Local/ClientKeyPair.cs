using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// The SSH key the tool logs in with. When the private key file does not exist it is generated (ed25519, no
/// passphrase, mode 0600, in a directory created 0700): into temporary names first, then renamed, so that an
/// interruption never leaves a public key without its private key or a half-written file.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ClientKeyPair
{
    private const UnixFileMode PrivateKeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Whether the private key file exists.</summary>
    public static bool Exists(string privateKeyPath) => File.Exists(privateKeyPath);

    /// <summary>Generates the key pair when the private key is missing, and returns the public key line.</summary>
    public static async Task<string> EnsureAsync(string privateKeyPath, Action<string> progress, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(privateKeyPath);
        if (!File.Exists(path))
        {
            progress($"Generating the SSH client key {path}");
            var directory = Path.GetDirectoryName(path)!;
            if (!Directory.Exists(directory))
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var temporary = AtomicFile.TemporaryName(path);
            File.Delete(temporary);
            File.Delete(temporary + ".pub");
            await ProcessRunner.RunAsync(
                "ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", $"workload@{Environment.MachineName}", "-f", temporary], cancellationToken)
                .ConfigureAwait(false);
            File.SetUnixFileMode(temporary, PrivateKeyMode);
            File.Move(temporary + ".pub", path + ".pub", overwrite: true);
            File.Move(temporary, path);
        }

        var publicKey = path + ".pub";
        if (File.Exists(publicKey))
        {
            return (await File.ReadAllTextAsync(publicKey, cancellationToken).ConfigureAwait(false)).Trim();
        }

        // A private key given without its .pub: derive the public half from it.
        var derived = await ProcessRunner.RunAsync("ssh-keygen", ["-y", "-f", path], cancellationToken).ConfigureAwait(false);
        return derived.StandardOutput.Trim();
    }
}
