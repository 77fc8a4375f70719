using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Workload.Hosts;

/// <summary>
/// The checks of a run in the round trip that takes the host lock. Every read-only script a run sends to a host (each
/// task's probes, the facts its resources depend on: <see cref="IHostShell.ReadAsync"/>) is saved on the host, as
/// root only, when the run releases the lock. The next run's lock holder runs them all right after locking and sends
/// their results with its "locked" line, so a task's check finds its facts already there: a no-op re-run costs one
/// round trip per host. A result is used only for the identical script (its text's hash) and only until something
/// is run or uploaded on that host; then a check reads again. A task whose resources depend on host facts asks the
/// same scripts as last time while those facts hold, so it is answered from the same round trip.
/// </summary>
public static class SpeculativeReads
{
    /// <summary>Where the host keeps the last run's reads (a script; root only, like the secrets the host holds).</summary>
    public const string File = "/var/cache/microblog-workload/speculative-reads.sh";

    private const string Result = "@@workload-speculated ";
    private const string Trailer = "# @@workload-reads-end";

    /// <summary>Runs the saved reads, if any (for the lock holder, as root, with no input).</summary>
    public static string RunSaved => $"if [ -f {File} ]; then sh {File} < /dev/null 2> /dev/null; fi";

    /// <summary>Saves the holder's input as the next run's reads when it is complete (ends with the trailer); keeps the old ones otherwise.</summary>
    public static string SaveFromInput =>
        $"umask 077; mkdir -p {Path.GetDirectoryName(File)}; cat > {File}.new; " +
        $"if [ \"$(tail -n 1 {File}.new)\" = '{Trailer}' ]; then mv -f {File}.new {File}; else rm -f {File}.new; fi";

    /// <summary>What identifies a script's result: the SHA-256 of its text.</summary>
    public static string KeyOf(string script) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(script)));

    /// <summary>
    /// The file the holder runs: each script as <see cref="SshHostConnection.RunAsync"/> would run it (sh, LC_ALL=C),
    /// its exit status and output (base64, exact bytes) on one line. Standard error is not kept: a caller that
    /// reports a failure's error reads again (see <see cref="SshHostConnection.ReadAsync"/>).
    /// </summary>
    public static string Script(IEnumerable<string> scripts)
    {
        var file = new StringBuilder("t=$(mktemp)\n");
        foreach (var script in scripts)
        {
            file.Append("sh -c ").Append(Shell.Quote("export LC_ALL=C\n" + script)).Append(" > \"$t\" 2> /dev/null < /dev/null; ")
                .Append("echo \"").Append(Result).Append(KeyOf(script)).Append(" $? $(base64 -w0 < \"$t\")\"\n");
        }

        return file.Append("rm -f \"$t\"\n").Append(Trailer).Append('\n').ToString();
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
