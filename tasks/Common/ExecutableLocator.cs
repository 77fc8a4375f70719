using System.Runtime.Versioning;

namespace Workload.Common;

/// <summary>
/// Finds programs by name. Searches PATH and then the sbin directories, because debootstrap, chroot and
/// apt-cacher-ng live in /usr/sbin and a root shell started by sudo or CI does not always have it on PATH.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ExecutableLocator
{
    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>The full path of <paramref name="name"/>, or null when no executable file of that name exists.</summary>
    public static string? Find(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(name) ? name : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(SystemDirectories)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(IsExecutable);
    }

    /// <summary>The full path of <paramref name="name"/>, or the name itself so that starting it fails with the usual error.</summary>
    public static string Resolve(string name) => Find(name) ?? name;

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
