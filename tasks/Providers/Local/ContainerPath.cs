using System.Runtime.Versioning;

namespace Workload.Providers.Local;

/// <summary>
/// Maps a path inside a host's filesystem to the path on this machine, refusing symbolic links on the way. Files are
/// written into a host's root from outside, as root: a link in the host (say /home/ubuntu/.ssh pointing to /root)
/// would otherwise be followed on this machine's filesystem instead of the host's.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ContainerPath
{
    /// <summary>The path on this machine of <paramref name="pathInHost"/> (absolute, as the host sees it) under <paramref name="root"/>.</summary>
    /// <exception cref="InvalidOperationException">A directory on the way, or the file itself, is a symbolic link.</exception>
    public static string Of(string root, string pathInHost)
    {
        if (!pathInHost.StartsWith('/') || pathInHost.Split('/').Any(part => part == ".."))
        {
            throw new ArgumentException($"Expected an absolute path without '..', got '{pathInHost}'.", nameof(pathInHost));
        }

        var current = Path.TrimEndingDirectorySeparator(root);
        foreach (var part in pathInHost.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            // LinkTarget reads the link itself (lstat): non-null exactly for a symbolic link, whatever it points to.
            if (new FileInfo(current).LinkTarget is not null)
            {
                throw new InvalidOperationException(
                    $"{pathInHost} in the host at {root} goes through the symbolic link {current}; the testbed writes host files from outside and does not follow links.");
            }
        }

        return current;
    }
}
