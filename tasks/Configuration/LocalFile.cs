using System.Runtime.InteropServices;

namespace Workload.Configuration;

/// <summary>What a path on this machine is: .NET reports a device or a pipe as an ordinary file, and /dev/zero never ends.</summary>
public enum LocalFileKind
{
    Missing,
    Regular,
    Directory,

    /// <summary>A device, a pipe, a socket: nothing the tool reads as a file.</summary>
    Other,
}

/// <summary>The kind, size and mode of a path on this machine (symbolic links followed), read with statx(2) on Linux.</summary>
public sealed record LocalFile(string Path, LocalFileKind Kind, long Size, UnixFileMode Mode)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxMode = 0x2;
    private const uint StatxSize = 0x200;
    private const int FileTypeMask = 0xF000;
    private const int RegularType = 0x8000;
    private const int DirectoryType = 0x4000;

    public static LocalFile Inspect(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            // struct statx is the same on every architecture: stx_mode is a u16 at offset 28, stx_size a u64 at 40.
            var buffer = new byte[256];
            if (Statx(AtFdCwd, path, 0, StatxType | StatxMode | StatxSize, buffer) != 0)
            {
                return new LocalFile(path, LocalFileKind.Missing, 0, 0);
            }

            var mode = BitConverter.ToUInt16(buffer, 28);
            var kind = (mode & FileTypeMask) switch
            {
                RegularType => LocalFileKind.Regular,
                DirectoryType => LocalFileKind.Directory,
                _ => LocalFileKind.Other,
            };
            return new LocalFile(path, kind, BitConverter.ToInt64(buffer, 40), (UnixFileMode)(mode & 0xFFF));
        }

        if (Directory.Exists(path))
        {
            return new LocalFile(path, LocalFileKind.Directory, 0, 0);
        }

        return File.Exists(path) ? new LocalFile(path, LocalFileKind.Regular, new FileInfo(path).Length, 0) : new LocalFile(path, LocalFileKind.Missing, 0, 0);
    }

    /// <summary>Group or others may read, write or run it.</summary>
    public bool IsOpenToOthers =>
        (Mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute)) != 0;

    /// <summary>The mode as chmod writes it, such as 0644.</summary>
    public string OctalMode => Convert.ToString((int)Mode, 8).PadLeft(4, '0');

    /// <summary>
    /// Null when the path is a regular file of at most <paramref name="maximumBytes"/> that this user can read; otherwise
    /// what it is instead, as words that follow the file's name ("is a directory", "is larger than 1 MiB").
    /// </summary>
    public static string? ReadableFileProblem(string path, long maximumBytes)
    {
        var file = Inspect(path);
        var problem = file.Kind switch
        {
            LocalFileKind.Missing => "does not exist",
            LocalFileKind.Directory => "is a directory, not a file",
            LocalFileKind.Other => "is not a regular file (a device, a pipe or a socket)",
            _ when file.Size > maximumBytes => $"is {file.Size} bytes long; at most {SizeText(maximumBytes)} is read",
            _ => null,
        };
        if (problem is not null)
        {
            return problem;
        }

        try
        {
            using var stream = File.OpenRead(path);
            return null;
        }
        catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
        {
            return $"cannot be read by this user ({exception.Message})";
        }
    }

    /// <summary>A byte count in words: "1 MiB", "64 KiB".</summary>
    public static string SizeText(long bytes) =>
        bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : bytes % 1024 == 0 ? $"{bytes / 1024} KiB" : $"{bytes} bytes";

    // DllImport with a plain byte buffer: no unsafe code, and glibc has had statx since 2.28.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
