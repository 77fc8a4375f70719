using System.Security.Cryptography;
using System.Text;
using Workload.Hosts;

namespace Workload.Resources;

/// <summary>Probe fragments several resources share.</summary>
internal static class ProbeScripts
{
    /// <summary>Prints exists=, type= and, when it exists, owner=, group=, mode=, size= for a path (without following a final symlink).</summary>
    public static string Stat(string quotedPath) =>
        $"if [ -e {quotedPath} ] || [ -L {quotedPath} ]; then echo exists=1; stat --printf 'type=%F\\nowner=%U\\ngroup=%G\\nmode=%a\\nsize=%s\\n' {quotedPath}; else echo exists=0; fi";

    /// <summary>
    /// Prints what <paramref name="command"/> printed the last time without running it again while every one of
    /// <paramref name="paths"/> (shell words: quoted paths or globs) is as it was then: the same device, inode, size,
    /// modification and change time (through symlinks; a path that is missing counts as its error message). Otherwise
    /// it runs the command and remembers its output on the host, root only, beside the speculative reads
    /// (<see cref="SpeculativeReads.Directory"/>). For reads that cost far more than a stat (apt's package cache, a
    /// keyring through gpg, a large binary's hash, Python opening archives); the command's output must depend on
    /// nothing but the files at those paths. Where the cache cannot be written (not root) the command just runs.
    /// </summary>
    public static string Memo(string command, params IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = string.Join(' ', paths);
        // The cache entry belongs to this exact command and these paths: a changed command never sees another's output.
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(words + "\n" + command)))[..24];
        var memo = $"{SpeculativeReads.Directory}/memo-{key}";
        // One line: the stat output's words joined by spaces (set -f: an error message may hold a glob).
        return new StringBuilder()
            .Append($"wl_signature() {{ s=$(stat -L -c '%d %i %s %y %z' {words} 2>&1); set -f; set -- $s; s=\"$*\"; set +f; }}\n")
            .Append("wl_signature\n")
            .Append($"if [ -f {memo} ] && {{ IFS= read -r l; [ \"$l\" = \"$s\" ]; }} < {memo}; then\n")
            .Append($"  {{ IFS= read -r l; while IFS= read -r l; do printf '%s\\n' \"$l\"; done; }} < {memo}\n")
            .Append("else\n")
            // Remembered only when the command succeeded and the paths did not change while it ran (apt updating its
            // lists meanwhile); written whole (a temporary file renamed) and root only.
            .Append($"  w=$s; if o=$({command}\n  ) && wl_signature && [ \"$s\" = \"$w\" ]; then ( umask 077; mkdir -p {SpeculativeReads.Directory} && printf '%s\\n' \"$s\" \"$o\" > {memo}.$$ && mv -f {memo}.$$ {memo} ) 2>/dev/null || rm -f {memo}.$$ 2>/dev/null; fi\n")
            .Append("  printf '%s\\n' \"$o\"\n")
            .Append("fi\n")
            .ToString();
    }
}
