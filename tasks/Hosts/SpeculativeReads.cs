using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Workload.Hosts;

/// <summary>
/// The checks of a run in the round trip that takes the host lock. Every read-only script a run sends to a host (each
/// task's probes, the facts its resources depend on: <see cref="IHostShell.ReadAsync"/>) is saved on the host, as
/// root only, when the run releases the lock. The next run's lock holder runs them all right after locking and sends
/// their results with its "locked" line, so a task's check finds its facts already there: a no-op re-run costs one
/// round trip per host. A result is used only for the identical script (its text's hash), once (a read asked again,
/// such as a poll, goes to the host), and only until something is run or uploaded on that host, or on any host for
/// the end-to-end checks (<see cref="HostSessions.ForgetSpeculatedReadsIfAnyHostChanged"/>); then a check reads again. A task whose resources depend on host facts asks the
/// same scripts as last time while those facts hold, so it is answered from the same round trip. Reads are kept per
/// selection of tasks (<see cref="SelectionOf"/>): a --target=NodeExporter run does not replace a Deploy's.
/// </summary>
public static class SpeculativeReads
{
    /// <summary>Where the host keeps the last runs' reads (scripts; root only, like the secrets the host holds).</summary>
    public const string Directory = "/var/cache/microblog-workload";

    /// <summary>The selection of a run that did not say which tasks it runs (a connection opened on its own).</summary>
    public const string AnySelection = "any";

    private const string Result = "@@workload-speculated ";
    private const string Trailer = "# @@workload-reads-end";

    /// <summary>The file of the reads of runs of <paramref name="selection"/> (see <see cref="SelectionOf"/>).</summary>
    public static string FileFor(string selection) => $"{Directory}/reads-{selection}.sh";

    /// <summary>A name for a selection of tasks, safe in a path and a shell word: a hash of their sorted names.</summary>
    public static string SelectionOf(IEnumerable<string> taskNames) =>
        KeyOf(string.Join('\n', taskNames.Order(StringComparer.Ordinal)))[..16];

    /// <summary>Runs the saved reads, if any (for the lock holder, as root, with no input).</summary>
    public static string RunSaved(string selection) =>
        $"if [ -f {FileFor(selection)} ]; then sh {FileFor(selection)} < /dev/null 2> /dev/null; fi";

    /// <summary>
    /// Saves the holder's input as the next run's reads when it is complete (ends with the trailer), keeping the old
    /// ones otherwise; reads of selections unused for 30 days are removed, and remembered reads
    /// (<c>ProbeScripts.Memo</c>) older than that.
    /// </summary>
    public static string SaveFromInput(string selection)
    {
        var file = FileFor(selection);
        return $"umask 077; mkdir -p {Directory}; cat > {file}.new; " +
            $"if [ \"$(tail -n 1 {file}.new)\" = '{Trailer}' ]; then mv -f {file}.new {file}; else rm -f {file}.new; fi; " +
            $"find {Directory} \\( -name 'reads-*.sh' -o -name 'memo-*' \\) -mtime +30 -delete";
    }

    /// <summary>What identifies a script's result: the SHA-256 of its text.</summary>
    public static string KeyOf(string script) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));

    /// <summary>
    /// The file the holder runs: every script at once, each as <see cref="SshHostConnection.RunAsync"/> would run it
    /// (sh, LC_ALL=C), then per script its exit status and output (base64, exact bytes) on one line. Standard error is
    /// not kept: a failed read is read again (see <see cref="SshHostConnection.ReadAsync"/>). Each script writes its
    /// own line as soon as it ends, while the others still run, and one cat sends them all: no process per script
    /// after the last one ended.
    /// </summary>
    public static string Script(IEnumerable<string> scripts)
    {
        var keys = new List<string>();
        var file = new StringBuilder("d=$(mktemp -d)\n");
        foreach (var script in scripts)
        {
            var key = KeyOf(script);
            keys.Add(key);
            file.Append("(sh -c ").Append(Shell.Quote("export LC_ALL=C\n" + script))
                .Append($" > \"$d/{key}\" 2> /dev/null < /dev/null; s=$?; {{ printf '{Result}{key} %s ' \"$s\"; base64 -w0 < \"$d/{key}\"; echo; }} > \"$d/{key}.line\") &\n");
        }

        file.Append("wait\n");
        if (keys.Count > 0)
        {
            file.Append("cat \"$d\"/*.line\n");
        }

        return file.Append("rm -rf \"$d\"\n").Append(Trailer).Append('\n').ToString();
    }

    /// <summary>Adds the result a line of the holder's output carries, if it is one.</summary>
    public static void Parse(string line, IDictionary<string, CommandResult> results)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(results);
        if (!line.StartsWith(Result, StringComparison.Ordinal))
        {
            return;
        }

        var parts = line[Result.Length..].Split(' ');
        if (parts.Length == 3 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            try
            {
                results[parts[0]] = new CommandResult(status, Encoding.UTF8.GetString(Convert.FromBase64String(parts[2])), string.Empty);
            }
            catch (FormatException)
            {
                // A truncated line: that script is read again when a task asks for it.
            }
        }
    }
}
