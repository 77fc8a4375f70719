using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// An exclusive lock shared by every process on this machine, held on a lock file. .NET takes an advisory
/// <c>flock</c> for <see cref="FileShare.None"/>, and flock conflicts between two opens of the file even within one
/// process, so the same lock serialises threads and processes alike. The kernel drops it when the holder dies.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class FileLock : IDisposable
{
    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    /// <summary>Takes the lock, waiting for another holder; says once what it waits for, and gives up after <paramref name="timeout"/>.</summary>
    public static async Task<FileLock> AcquireAsync(
        string path, string purpose, Action<string> progress, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var told = false;
        return await Waiter.Quiet.UntilAsync(
            path,
            started + timeout,
            TimeSpan.FromMilliseconds(250),
            _ =>
            {
                if (TryAcquire(path) is { } acquired)
                {
                    return Task.FromResult(WaitStep.Ready(acquired));
                }

                if (!told && DateTimeOffset.UtcNow - started > TimeSpan.FromSeconds(2))
                {
                    progress($"Waiting for another process that holds {path} ({purpose})");
                    told = true;
                }

                return Task.FromResult(WaitStep.Pending<FileLock>("held by another process"));
            },
            _ => new TimeoutException(
                $"Another process held the lock {path} ({purpose}) for more than {timeout.TotalSeconds:0} s; find it with `fuser {path}`."),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Takes the lock when nobody holds it, else returns null at once.</summary>
    public static FileLock? TryAcquire(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            return new FileLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Held by another open of the file, in this process or another.
            return null;
        }
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => stream.Dispose();
}
