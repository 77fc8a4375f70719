using DiffPlex.Renderer;

namespace Workload.Diffs;

/// <summary>Unified diffs of file contents, as a plan shows them.</summary>
public static class UnifiedDiff
{
    /// <summary>
    /// The unified diff from <paramref name="before"/> (null: the file does not exist yet) to <paramref name="after"/>,
    /// labelled with <paramref name="path"/>; an empty string when the two are equal.
    /// </summary>
    public static string Create(string? before, string after, string path)
    {
        if (before == after)
        {
            return string.Empty;
        }

        var oldName = before is null ? "/dev/null" : "a" + path;
        var diff = UnidiffRenderer.GenerateUnidiff(before ?? string.Empty, after, oldName, "b" + path, ignoreWhitespace: false, ignoreCase: false, contextLines: 3);
        return diff.EndsWith('\n') ? diff : diff + "\n";
    }
}
