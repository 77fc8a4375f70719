namespace Workload.Providers.Aws;

/// <summary>Writes a private key where only its owner can read it. The key is never logged nor put in the state file.</summary>
public static class PrivateKeyFile
{
    /// <summary>
    /// Creates <paramref name="path"/> with mode 0600 from the start (never a moment with wider permissions) and
    /// refuses to replace an existing file: it may be the only copy of another key.
    /// </summary>
    public static void Create(string path, string keyMaterial)
    {
        ArgumentNullException.ThrowIfNull(keyMaterial);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);

        // OpenSSH refuses a key file whose last line has no newline.
        writer.Write(keyMaterial.EndsWith('\n') ? keyMaterial : keyMaterial + "\n");
    }
}
