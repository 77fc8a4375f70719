using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// What lets this machine reach a testbed machine and that machine reach this one, written before each boot (a restarted host
/// gets the current client key and proxy address): the login user's authorized key and apt's proxy configuration.
/// </summary>
[SupportedOSPlatform("linux")]
public static class MachineAccessFiles
{
    private const string AptProxyFile = "/etc/apt/apt.conf.d/01testbed-proxy";

    /// <summary>Writes the files into the host's mounted root; unchanged files are left as they are.</summary>
    public static async Task WriteAsync(string root, string authorizedKey, LocalTestbedOptions options, CancellationToken cancellationToken)
    {
        var user = RootFilesystemCache.LoginUser;
        var sshDirectory = ContainerPath.Of(root, $"/home/{user}/.ssh");
        Directory.CreateDirectory(sshDirectory);
        File.SetUnixFileMode(sshDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        AtomicFile.WriteIfChanged(
            ContainerPath.Of(root, $"/home/{user}/.ssh/authorized_keys"),
            authorizedKey.Trim() + "\n",
            UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // Owned by the user as the host's own user database says (chroot: its chown reads its /etc/passwd).
        await ProcessRunner.RunAsync("chroot", [root, "chown", "-R", $"{user}:{user}", $"/home/{user}/.ssh"], cancellationToken).ConfigureAwait(false);

        // Every download through the proxy, except those from this machine's mirror server on the same address.
        AtomicFile.WriteIfChanged(
            ContainerPath.Of(root, AptProxyFile),
            "// Written by the workload testbed: the host reaches Debian's archive only through the proxy on this bridge.\n" +
            $"Acquire::http::Proxy \"{options.ProxyUrl}\";\n" +
            $"Acquire::http::Proxy::{options.BridgeAddress} \"DIRECT\";\n");
    }
}
