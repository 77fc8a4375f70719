using System.Diagnostics;
using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// Starts a long-running program (a container, the apt proxy, the mirror server) so that it outlives this process:
/// in a session of its own (no terminal hang-up reaches it), standard input from /dev/null, standard output and
/// error appended to a log file.
/// </summary>
[SupportedOSPlatform("linux")]
public static class DetachedProcess
{
    // A constant script: the log path and the command arrive as positional parameters, so no value is ever parsed
    // by the shell. `exec` keeps one PID from setsid through sh to the program, so the PID returned is the program's.
    private const string RedirectAndExec = "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1";

    /// <summary>Starts the program and returns its PID once it runs (its argv[0] is the program's path).</summary>
    /// <exception cref="InvalidOperationException">The program could not be started or exited at once; the message quotes its log.</exception>
    public static async Task<int> StartAsync(string program, IReadOnlyList<string> arguments, string logFile, CancellationToken cancellationToken)
    {
        var executable = ExecutableLocator.Find(program)
            ?? throw new InvalidOperationException($"Cannot start {program}: no such program on PATH or in the sbin directories.");
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        var startInfo = new ProcessStartInfo(ExecutableLocator.Resolve("setsid")) { UseShellExecute = false };
        foreach (var argument in new[] { "/bin/sh", "-c", RedirectAndExec, "sh", logFile, executable }.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        int pid;
        using (var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"`{CommandLine.Format(program, arguments)}` could not be started."))
        {
            pid = process.Id;
        }

        // The exec chain takes a moment; until it completes the PID still shows setsid or sh.
        var exitedAtOnce = () => new InvalidOperationException(
            $"`{CommandLine.Format(program, arguments)}` exited right after it was started. The end of its log {logFile}:{Environment.NewLine}" +
            TextTail.OfFile(logFile, 20));
        var runs = await Waiter.Quiet.UntilAsync(
            program,
            DateTimeOffset.UtcNow.AddSeconds(10),
            TimeSpan.FromMilliseconds(50),
            _ => Task.FromResult(
                !ProcessTable.IsAlive(pid) ? WaitStep.Ready(false)
                : ProcessTable.CommandLine(pid) is [var first, ..] && first == executable ? WaitStep.Ready(true)
                : WaitStep.Pending<bool>("starting")),
            _ => exitedAtOnce(),
            cancellationToken).ConfigureAwait(false);
        return runs ? pid : throw exitedAtOnce();
    }
}
