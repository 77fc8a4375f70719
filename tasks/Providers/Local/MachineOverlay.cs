using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// A testbed machine's root filesystem: an overlay of the cached root filesystem (read-only, shared by all hosts) and the
/// host's own upper directory, which receives every change. A fresh host therefore costs no copy.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class MachineOverlay(TestbedLayout layout)
{
    /// <summary>Whether the merged filesystem is mounted.</summary>
    public bool IsMounted => MountTable.IsMountPoint(layout.RootDirectory);

    /// <summary>Mounts the overlay over <paramref name="lowerDirectory"/> unless it is mounted already.</summary>
    public async Task MountAsync(string lowerDirectory, CancellationToken cancellationToken)
    {
        foreach (var directory in new[] { layout.UpperDirectory, layout.WorkDirectory, layout.RootDirectory })
        {
            Directory.CreateDirectory(directory);
        }

        if (IsMounted)
        {
            return;
        }

        await ProcessRunner.RunAsync(
            "mount",
            ["-t", "overlay", "overlay", "-o", $"lowerdir={lowerDirectory},upperdir={layout.UpperDirectory},workdir={layout.WorkDirectory}", layout.RootDirectory],
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unmounts the merged filesystem and anything left mounted below it.</summary>
    public Task UnmountAsync(CancellationToken cancellationToken) => MountTable.UnmountAllUnderAsync(layout.RootDirectory, cancellationToken);
}
