namespace Workload.Common;

/// <summary>
/// The one way the tool writes a file on this machine: a reader sees the old content or the new, never half of it.
/// </summary>
/// <remarks>
/// The fsync policy, the same for every file: the content goes into a temporary file in the target's directory
/// (<see cref="TemporaryName"/>), which is flushed to disk (fsync) before it is renamed over the target. After a
/// crash the file holds its old content or the complete new one; the directory itself is not synced, so a crash
/// just after the rename may bring back the old file, which the next run writes again. A failed write deletes the
/// temporary file and leaves the target as it was.
/// </remarks>
public static class AtomicFile
{
    /// <summary>rw-r--r--.</summary>
    public const UnixFileMode DefaultMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>
    /// The temporary name beside <paramref name="path"/>, unique to this process and call:
    /// <c>.NAME.PID.GUID.tmp</c> in the same directory (so the rename stays on one filesystem), hidden from listings.
    /// </summary>
    public static string TemporaryName(string path)
    {
        var full = Path.GetFullPath(path);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> (UTF-8) and gives it <paramref name="mode"/> (null: what a new file gets).</summary>
    public static void WriteAllText(string path, string content, UnixFileMode? mode = DefaultMode) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, leaveOpen: true);
            writer.Write(content);
        }, mode);

    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> and gives it <paramref name="mode"/> (null: what a new file gets).</summary>
    public static void WriteAllBytes(string path, byte[] content, UnixFileMode? mode = DefaultMode) =>
        Write(path, stream => stream.Write(content), mode);

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> puts into the stream it is given.</summary>
    public static void Write(string path, Action<Stream> write, UnixFileMode? mode = DefaultMode)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = TemporaryName(path);
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (mode is { } created && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = created;
            }

            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            // UnixCreateMode is filtered by the umask; set the mode itself so that 0644 stays 0644.
            if (mode is { } wanted && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, wanted);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the file only when its content or mode differs; returns whether it wrote.</summary>
    public static bool WriteIfChanged(string path, string content, UnixFileMode mode = DefaultMode)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content && (OperatingSystem.IsWindows() || File.GetUnixFileMode(path) == mode))
        {
            return false;
        }

        WriteAllText(path, content, mode);
        return true;
    }
}
