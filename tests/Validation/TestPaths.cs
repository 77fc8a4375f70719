namespace Workload.Tests.Validation;

/// <summary>Where the repository and its test data are, and throwaway directories for a test.</summary>
internal static class TestPaths
{
    /// <summary>The repository's root: the directory holding Workload.sln above the test assembly.</summary>
    public static string Repository { get; } = FindRepository();

    /// <summary>The validation tests' data directory.</summary>
    public static string Data => Path.Combine(Repository, "tests", "Validation", "data");

    /// <summary>The microblog fixture app.</summary>
    public static string Fixture => Path.Combine(Repository, "tests", "fixtures", "microblog");

    /// <summary>A new empty directory under the system's temporary directory.</summary>
    public static string NewDirectory(string prefix)
    {
        var path = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>, recursively.</summary>
    public static void Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    private static string FindRepository()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Workload.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Workload.sln above {AppContext.BaseDirectory}");
    }
}
