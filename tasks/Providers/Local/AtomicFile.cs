using System.Runtime.Versioning;

namespace Workload.Providers.Local;

/// <summary>Writes files so that a reader sees the old content or the new, never half of it: temporary file, flush, rename.</summary>
[SupportedOSPlatform("linux")]
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="content"/> and gives it <paramref name="mode"/>.</summary>
    public static void WriteAllText(string path, string content, UnixFileMode mode = DefaultMode)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = mode,
            }))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(content);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            // UnixCreateMode is filtered by the umask; set the mode itself so that 0644 stays 0644.
            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the file only when its content differs; returns whether it wrote.</summary>
    public static bool WriteIfChanged(string path, string content, UnixFileMode mode = DefaultMode)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content && File.GetUnixFileMode(path) == mode)
        {
            return false;
        }

        WriteAllText(path, content, mode);
        return true;
    }

    /// <summary>rw-r--r--.</summary>
    public const UnixFileMode DefaultMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
