namespace Workload.Validation;

/// <summary>
/// A temporary directory for one check (scripts and reports mounted into a container), only readable by this
/// user, deleted when disposed. The user's own files are never written: checks run on copies or read-only mounts.
/// </summary>
public sealed class ScratchDirectory : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private ScratchDirectory(string path) => Path = path;

    /// <summary>The directory's absolute path.</summary>
    public string Path { get; }

    /// <summary>Creates a new, empty, private directory whose name starts with <paramref name="prefix"/>.</summary>
    public static ScratchDirectory Create(string prefix)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, Private);
        }

        return new ScratchDirectory(path);
    }

    /// <summary>
    /// A subdirectory any user may write: a container's user is often not this one (a rootful engine, or an
    /// image with a user of its own), and it must be able to write its reports here.
    /// </summary>
    public string Shared(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, Private | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        }

        return path;
    }

    /// <summary>Writes a file that a container's user can read (the directory itself keeps others out).</summary>
    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file a container wrote under another user may resist; it is in the temporary directory, not the user's tree.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
