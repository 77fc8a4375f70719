using System.Text;
using DiffPlex.Renderer;

namespace Workload.Diffs;

/// <summary>Unified diffs of file contents, as a plan shows them and as GNU <c>patch</c> applies them.</summary>
public static class UnifiedDiff
{
    private const string NoNewline = "\\ No newline at end of file\n";

    /// <summary>
    /// The unified diff from <paramref name="before"/> (null: the file does not exist yet) to <paramref name="after"/>
    /// (null: the file is deleted), labelled with <paramref name="path"/>; an empty string when the two are equal.
    /// </summary>
    public static string Create(string? before, string? after, string path)
    {
        if (before == after)
        {
            return string.Empty;
        }

        // A file that appears or disappears is one hunk against /dev/null; its empty side is "0,0", the
        // convention GNU patch and git use ("-1,0" is refused by patch as a malformed header).
        if (before is null)
        {
            return WholeFile("/dev/null", "b" + path, after!, '+');
        }

        if (after is null)
        {
            return WholeFile("a" + path, "/dev/null", before, '-');
        }

        // DiffPlex compares lines and drops the difference between "x" and "x\n" on the last line; a change only
        // there, or a last line without a newline, is shown as the one whole-file hunk that patch reproduces exactly.
        if (!before.EndsWith('\n') || !after.EndsWith('\n') || before.Length == 0 || after.Length == 0)
        {
            return Replacement("a" + path, "b" + path, before, after);
        }

        // Both end with a newline: DiffPlex is given the lines without the last one, or it counts an empty line
        // after it as context and writes hunk lengths that patch refuses.
        var diff = UnidiffRenderer.GenerateUnidiff(before[..^1], after[..^1], "a" + path, "b" + path, ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
        return diff.EndsWith('\n') ? diff : diff + "\n";
    }

    private static string WholeFile(string oldName, string newName, string content, char sign)
    {
        var lines = Lines(content);
        var range = lines.Count == 0 ? "0,0" : $"1,{lines.Count}";
        var text = new StringBuilder().Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n');
        if (lines.Count == 0)
        {
            // An empty file: the headers alone say it appears or disappears.
            return text.ToString();
        }

        text.Append(sign == '+' ? $"@@ -0,0 +{range} @@\n" : $"@@ -{range} +0,0 @@\n");
        AppendLines(text, sign, content, lines);
        return text.ToString();
    }

    private static string Replacement(string oldName, string newName, string before, string after)
    {
        var removed = Lines(before);
        var added = Lines(after);
        var text = new StringBuilder().Append("--- ").Append(oldName).Append('\n').Append("+++ ").Append(newName).Append('\n')
            .Append($"@@ -{Range(removed.Count)} +{Range(added.Count)} @@\n");
        AppendLines(text, '-', before, removed);
        AppendLines(text, '+', after, added);
        return text.ToString();
    }

    private static string Range(int count) => count == 0 ? "0,0" : $"1,{count}";

    private static void AppendLines(StringBuilder text, char sign, string content, List<string> lines)
    {
        foreach (var line in lines)
        {
            text.Append(sign).Append(line).Append('\n');
        }

        if (lines.Count > 0 && !content.EndsWith('\n'))
        {
            text.Append(NoNewline);
        }
    }

    private static List<string> Lines(string content)
    {
        var lines = content.Split('\n').ToList();
        if (lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
