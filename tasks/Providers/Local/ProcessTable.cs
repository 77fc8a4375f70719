using System.Globalization;
using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>Reads and signals processes through /proc: what the testbed needs to find its own processes again.</summary>
[SupportedOSPlatform("linux")]
public static class ProcessTable
{
    /// <summary>
    /// Whether the process exists and has not exited. A zombie counts as exited: a process this program started and
    /// that ended stays a zombie until it is reaped, and must not be mistaken for a running host.
    /// </summary>
    public static bool IsAlive(int pid)
    {
        var stat = ReadOrNull($"/proc/{pid}/stat");
        if (stat is null)
        {
            return false;
        }

        // The state follows the command name, which is in parentheses and may itself hold spaces or parentheses.
        var afterName = stat.LastIndexOf(')');
        return afterName > 0 && afterName + 2 < stat.Length && stat[afterName + 2] is not ('Z' or 'X');
    }

    /// <summary>The process's arguments, argv[0] first; empty when it does not exist.</summary>
    public static IReadOnlyList<string> CommandLine(int pid)
    {
        var text = ReadOrNull($"/proc/{pid}/cmdline");
        return text is null ? [] : text.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>The direct children of a process (from every thread's children list).</summary>
    public static IReadOnlyList<int> Children(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks))
        {
            return [];
        }

        var children = new List<int>();
        foreach (var task in SafeEnumerate(tasks))
        {
            var text = ReadOrNull(Path.Combine(task, "children")) ?? string.Empty;
            children.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, CultureInfo.InvariantCulture)));
        }

        return children;
    }

    /// <summary>Every live process whose command line has an argument starting with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<int> WithArgumentStartingWith(string prefix) =>
        SafeEnumerate("/proc")
            .Select(Path.GetFileName)
            .Select(name => int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && pid != Environment.ProcessId)
            .Where(pid => CommandLine(pid).Any(argument => argument.StartsWith(prefix, StringComparison.Ordinal)) && IsAlive(pid))
            .ToList();

    /// <summary>Sends a signal; a process that is already gone is not an error.</summary>
    public static void Signal(int pid, ProcessSignal signal)
    {
        if (IsAlive(pid))
        {
            _ = NativeMethods.Kill(pid, (int)signal);
        }
    }

    /// <summary>Waits until the process has exited or the timeout passes; returns whether it exited.</summary>
    public static async Task<bool> WaitForExitAsync(int pid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await Waiter.Quiet.UntilAsync(
                $"process {pid}",
                DateTimeOffset.UtcNow + timeout,
                TimeSpan.FromMilliseconds(200),
                _ => Task.FromResult(IsAlive(pid) ? WaitStep.Pending<bool>("running") : WaitStep.Ready(true)),
                _ => new TimeoutException(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Asks a process to stop (SIGTERM), then kills it (SIGKILL) when it is still there after <paramref name="grace"/>.</summary>
    public static async Task TerminateAsync(int pid, TimeSpan grace, CancellationToken cancellationToken)
    {
        Signal(pid, ProcessSignal.Terminate);
        if (!await WaitForExitAsync(pid, grace, cancellationToken).ConfigureAwait(false))
        {
            Signal(pid, ProcessSignal.Kill);
            await WaitForExitAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string[] SafeEnumerate(string directory)
    {
        try
        {
            return Directory.GetDirectories(directory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}

/// <summary>The signals the testbed sends.</summary>
public enum ProcessSignal
{
    /// <summary>SIGKILL: ends the process at once; sent to a container's init, it ends the whole container.</summary>
    Kill = 9,

    /// <summary>SIGTERM: asks to stop; systemd-nspawn turns it into an orderly shutdown of the container.</summary>
    Terminate = 15,
}
