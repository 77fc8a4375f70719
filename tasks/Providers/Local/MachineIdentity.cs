using System.Runtime.Versioning;
using System.Security.Cryptography;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// Gives a new testbed machine what makes it one machine among others, before its first boot: its own SSH host key (whose
/// public half the tool pins: never trust on first use), machine id, hostname and /etc/hosts entry.
/// </summary>
[SupportedOSPlatform("linux")]
public static class MachineIdentity
{
    private const string HostKeyPath = "/etc/ssh/ssh_host_ed25519_key";

    /// <summary>Writes the identity into the host's mounted root and returns its host public key, "ssh-ed25519 AAAA...".</summary>
    public static async Task<string> CreateAsync(string root, string hostName, CancellationToken cancellationToken)
    {
        var privateKey = ContainerPath.Of(root, HostKeyPath);
        foreach (var stale in new[] { privateKey, privateKey + ".pub" })
        {
            // ssh-keygen asks before it overwrites; a leftover of an interrupted creation must go first.
            File.Delete(stale);
        }

        await ProcessRunner.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", $"root@{hostName}", "-f", privateKey], cancellationToken)
            .ConfigureAwait(false);

        // A machine id of its own: journald, D-Bus and DHCP tell machines apart by it. Written rather than left empty,
        // so that systemd does not treat every boot as a first boot and apply presets over what the tasks enabled.
        AtomicFile.WriteAllText(
            ContainerPath.Of(root, "/etc/machine-id"),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "\n",
            UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        AtomicFile.WriteAllText(ContainerPath.Of(root, "/etc/hostname"), hostName + "\n");

        // sudo looks its own host name up and complains on every call when it cannot resolve it.
        AtomicFile.WriteAllText(
            ContainerPath.Of(root, "/etc/hosts"),
            $"127.0.0.1\tlocalhost\n127.0.1.1\t{hostName}\n::1\tlocalhost ip6-localhost ip6-loopback\n");
        return PublicKeyWithoutComment(await File.ReadAllTextAsync(privateKey + ".pub", cancellationToken).ConfigureAwait(false));
    }

    /// <summary>"type base64" of an OpenSSH public key line, without its comment.</summary>
    public static string PublicKeyWithoutComment(string publicKeyLine) =>
        publicKeyLine.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var type, var key, ..]
            ? $"{type} {key}"
            : throw new FormatException($"Not an OpenSSH public key: '{publicKeyLine.Trim()}'.");
}
