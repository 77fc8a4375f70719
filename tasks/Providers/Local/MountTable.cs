using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// This machine's mounts as /proc/self/mountinfo lists them, and the operations the testbed needs on them. Every
/// directory the testbed deletes is first freed of mounts below it, so that a deletion never reaches into a
/// mounted filesystem (a leftover /proc from an interrupted debootstrap, a host's overlay).
/// </summary>
[SupportedOSPlatform("linux")]
public static class MountTable
{
    /// <summary>The mount points at or below <paramref name="directory"/>, deepest first (the order to unmount them).</summary>
    public static IReadOnlyList<string> MountPointsUnder(string directory)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        return File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]))
            .Where(point => point == root || point.StartsWith(root + "/", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(point => point.Length)
            .ToList();
    }

    /// <summary>Whether <paramref name="directory"/> itself is a mount point.</summary>
    public static bool IsMountPoint(string directory) =>
        MountPointsUnder(directory).Contains(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)), StringComparer.Ordinal);

    /// <summary>Unmounts everything at or below <paramref name="directory"/>; a mount that is busy is detached lazily.</summary>
    public static async Task UnmountAllUnderAsync(string directory, CancellationToken cancellationToken)
    {
        foreach (var point in MountPointsUnder(directory))
        {
            var result = await ProcessRunner.TryRunAsync("umount", [point], cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded && MountPointsUnder(point).Contains(point, StringComparer.Ordinal))
            {
                // Still busy (a process holds a file open there): detach it now, the kernel frees it when released.
                await ProcessRunner.RunAsync("umount", ["--lazy", point], cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Deletes a directory tree after unmounting everything below it. `rm --one-file-system` is a second guard: it
    /// refuses to descend into anything still mounted there.
    /// </summary>
    public static async Task DeleteTreeAsync(string directory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        await UnmountAllUnderAsync(directory, cancellationToken).ConfigureAwait(false);
        await ProcessRunner.RunAsync("rm", ["-rf", "--one-file-system", "--", directory], cancellationToken).ConfigureAwait(false);
    }

    // mountinfo escapes space, tab, newline and backslash as three octal digits.
    private static string Unescape(string field) =>
        field.Replace("\\040", " ", StringComparison.Ordinal)
            .Replace("\\011", "\t", StringComparison.Ordinal)
            .Replace("\\012", "\n", StringComparison.Ordinal)
            .Replace("\\134", "\\", StringComparison.Ordinal);
}
