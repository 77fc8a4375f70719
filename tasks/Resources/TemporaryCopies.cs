namespace Workload.Resources;

/// <summary>
/// The one place that names the copies an install keeps beside a file on a host while it works: hidden, in the
/// same directory as the file (so the final rename is atomic), all starting <c>.NAME.workload-</c>. An upload being
/// installed is <c>.NAME.workload-XXXXXX</c> (mktemp; a directory being built, such as a release, too), the live
/// file kept during an in-place validation is <c>.NAME.workload-previous</c> (a link's and a replaced directory's
/// too), a keyring, a release member or a stamp being installed is <c>.NAME.workload-tmp</c>.
/// A run killed mid-install leaves one; <see cref="ManagedFile"/>'s probe finds it by <see cref="Prefix"/>.
/// </summary>
internal static class TemporaryCopies
{
    private const string Infix = ".workload-";

    /// <summary>What every temporary or saved copy of <paramref name="path"/> starts with: <c>DIR/.NAME.workload-</c>.</summary>
    public static string Prefix(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var cut = path.LastIndexOf('/') + 1;
        return $"{path[..cut]}.{path[cut..]}{Infix}";
    }

    /// <summary>The previous file, link or directory, kept beside the new one while an in-place check or a swap runs.</summary>
    public static string Previous(string path) => Prefix(path) + "previous";

    /// <summary>The single temporary copy of a file that one run at a time installs (the host lock sees to that).</summary>
    public static string Fixed(string path) => Prefix(path) + "tmp";

    /// <summary>The <c>mktemp</c> template of a copy of <paramref name="path"/> being built beside it (<c>mktemp -d</c> for a directory).</summary>
    public static string Unique(string path) => Prefix(path) + "XXXXXX";

    /// <summary>In a script that has set <c>$dir</c> and <c>$base</c>: the <c>mktemp</c> template of an upload's copy.</summary>
    public const string ShellUploadTemplate = "$dir/.$base" + Infix + "XXXXXX";

    /// <summary>In a script that has set <c>$base</c>: the <c>find -name</c> pattern of what <see cref="ShellUploadTemplate"/> makes.</summary>
    public const string ShellUploadPattern = ".$base" + Infix + "??????";

    /// <summary>In a script that has set <c>$dir</c> and <c>$base</c>: the live file kept while an in-place validation runs.</summary>
    public const string ShellPrevious = "$dir/.$base" + Infix + "previous";
}
