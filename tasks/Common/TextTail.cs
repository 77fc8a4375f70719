namespace Workload.Common;

/// <summary>The end of a long output (a command's errors, a boot log): what a reader needs to see first when something failed.</summary>
public static class TextTail
{
    /// <summary>The last <paramref name="count"/> non-empty lines of <paramref name="text"/>, trimmed.</summary>
    public static string LastLines(string text, int count)
    {
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return string.Join(Environment.NewLine, lines.TakeLast(count));
    }

    /// <summary>The last lines of a file, or an empty string when it cannot be read; for error messages only.</summary>
    public static string OfFile(string path, int count)
    {
        try
        {
            return File.Exists(path) ? LastLines(File.ReadAllText(path), count) : string.Empty;
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
