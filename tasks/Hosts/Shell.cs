namespace Workload.Hosts;

/// <summary>Quoting for POSIX sh, the shell every host runs our scripts in.</summary>
public static class Shell
{
    /// <summary>The text as one sh word: single-quoted, with embedded single quotes closed, escaped and reopened.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Several words, each quoted, joined by spaces.</summary>
    public static string Join(params string[] words) => string.Join(' ', words.Select(Quote));
}
