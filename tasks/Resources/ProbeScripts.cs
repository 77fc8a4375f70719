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

    /// <summary>What identifies a file's state for a remembered read: device, inode, size, modification and change time (ns).</summary>
    private const string SignatureFormat = "%d %i %s %.9Y %.9Z";

    /// <summary>
    /// <see cref="Stat"/>'s facts and, for a regular file, <c>sha256=</c> of its content, in one stat: the hash is
    /// remembered on the host while the file keeps its device, inode, size, modification and change time, so a file
    /// that did not change costs no sha256sum. Not remembered when <paramref name="remember"/> is false (a file that
    /// holds secrets: not even its hash is kept elsewhere), without root, or when the file changed in the clock tick
    /// the hashing started in or while it ran (see <see cref="Settled"/>).
    /// </summary>
    public static string StatAndHash(string quotedPath, bool remember)
    {
        if (!remember)
        {
            return Stat(quotedPath) + "\n" + $"if [ -f {quotedPath} ]; then h=$(sha256sum < {quotedPath}); h=${{h%% *}}; echo sha256=$h; fi";
        }

        var memo = MemoFile("file-sha256\n" + quotedPath);
        return new StringBuilder()
            .Append($"if [ -e {quotedPath} ] || [ -L {quotedPath} ]; then echo exists=1; st=$(stat --printf 'type=%F\\nowner=%U\\ngroup=%G\\nmode=%a\\nsize=%s\\nsig={SignatureFormat}' {quotedPath}); printf '%s\\n' \"$st\"; else echo exists=0; fi\n")
            .Append($"if [ -f {quotedPath} ]; then\n")
            .Append("  sig=${st##*sig=}; h=\n")
            .Append($"  if [ -f {memo} ] && {{ IFS= read -r l && IFS= read -r c; }} < {memo} && [ \"$l\" = \"$sig\" ]; then h=$c; fi\n")
            .Append("  if [ -z \"$h\" ]; then\n")
            .Append($"    ( umask 077; mkdir -p {SpeculativeReads.Directory} && : > {memo}.$$ ) 2>/dev/null\n")
            .Append($"    h=$(sha256sum < {quotedPath}); h=${{h%% *}}\n")
            .Append($"    if [ -f {memo}.$$ ] && {Settled($"{memo}.$$", quotedPath)} && [ \"$(stat -c '{SignatureFormat}' {quotedPath})\" = \"$sig\" ]; then printf '%s\\n' \"$sig\" \"$h\" > {memo}.$$ && mv -f {memo}.$$ {memo}; fi 2>/dev/null\n")
            .Append($"    rm -f {memo}.$$ 2>/dev/null\n")
            .Append("  fi\n")
            .Append("  echo sha256=$h\n")
            .Append("fi")
            .ToString();
    }

    /// <summary>
    /// A test, true when each of <paramref name="paths"/> last changed in a clock tick before the one
    /// <paramref name="startedMarker"/> (created before the read began) was made in: file times come from a coarse
    /// clock, so a change in the same tick as the read could leave every time as it was and be missed next time.
    /// As git treats an index entry as racy when its file is not older than the index.
    /// </summary>
    private static string Settled(string startedMarker, string paths) =>
        $"( t=$(stat -c %.9Y {startedMarker}) && for c in $(stat -L -c %.9Z {paths} 2>/dev/null); do [ \"$c\" \\< \"$t\" ] || exit 1; done )";

    /// <summary>The file that remembers one read on the host, named by a hash of what identifies the read.</summary>
    private static string MemoFile(string identity) =>
        $"{SpeculativeReads.Directory}/memo-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..24]}";

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
        var memo = MemoFile(words + "\n" + command);
        // One line: the stat output's words joined by spaces (set -f: an error message may hold a glob).
        return new StringBuilder()
            .Append($"wl_signature() {{ s=$(stat -L -c '%d %i %s %y %z' {words} 2>&1); set -f; set -- $s; s=\"$*\"; set +f; }}\n")
            .Append("wl_signature\n")
            .Append($"if [ -f {memo} ] && {{ IFS= read -r l; [ \"$l\" = \"$s\" ]; }} < {memo}; then\n")
            .Append($"  {{ IFS= read -r l; while IFS= read -r l; do printf '%s\\n' \"$l\"; done; }} < {memo}\n")
            .Append("else\n")
            // Remembered only when the command succeeded and the paths did not change while it ran (apt updating its
            // lists meanwhile) nor in the clock tick it started in; written whole (a temporary file renamed) and root
            // only. The temporary file is made first: its time is when the read started.
            .Append($"  w=$s; ( umask 077; mkdir -p {SpeculativeReads.Directory} && : > {memo}.$$ ) 2>/dev/null\n")
            .Append($"  if o=$({command}\n  ) && wl_signature && [ \"$s\" = \"$w\" ] && [ -f {memo}.$$ ] && {Settled($"{memo}.$$", words)}; then printf '%s\\n' \"$s\" \"$o\" > {memo}.$$ && mv -f {memo}.$$ {memo}; fi 2>/dev/null\n")
            .Append($"  rm -f {memo}.$$ 2>/dev/null\n")
            .Append("  printf '%s\\n' \"$o\"\n")
            .Append("fi\n")
            .ToString();
    }
}
