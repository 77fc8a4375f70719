using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text;

namespace Workload.Common;

/// <summary>
/// The one way the tool runs a program on this machine: arguments passed one by one (never through a shell), what it
/// prints captured (or handed over line by line), killed with its whole process tree when the caller gives up or its
/// time is up. Failures name the command that failed. It needs no Cake context (the local provider runs outside one
/// in tests); Cake's tools reach it through <see cref="CakeProcessRunner"/>.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ProcessRunner
{
    /// <summary>Runs a command and throws <see cref="CommandFailedException"/> when it exits with a non-zero code.</summary>
    public static async Task<ProcessResult> RunAsync(
        string program,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? standardInput = null,
        TimeSpan? timeout = null)
    {
        var result = await TryRunAsync(program, arguments, cancellationToken, standardInput, timeout).ConfigureAwait(false);
        return result.EnsureSuccess();
    }

    /// <summary>Runs a command and returns how it ended, whatever its exit code.</summary>
    public static async Task<ProcessResult> TryRunAsync(
        string program,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? standardInput = null,
        TimeSpan? timeout = null)
    {
        using var process = Start(program, arguments, new ProcessOptions { StandardInput = standardInput is null ? null : Encoding.UTF8.GetBytes(standardInput) });
        var exitCode = await process.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        return new ProcessResult(process.CommandLine, exitCode, process.StandardOutput, process.StandardError);
    }

    /// <summary>Starts a command; the caller waits for it through the returned handle.</summary>
    public static RunningProcess Start(string program, IEnumerable<string> arguments, ProcessOptions options)
    {
        var argumentList = arguments.ToList();
        var startInfo = new ProcessStartInfo(ExecutableLocator.Resolve(program));
        foreach (var argument in argumentList)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return RunningProcess.Start(startInfo, CommandLine.Format(program, argumentList), options);
    }

}

/// <summary>How <see cref="ProcessRunner"/> starts a command, beyond its program and arguments.</summary>
public sealed record ProcessOptions
{
    /// <summary>Written to the command's standard input, which is then closed.</summary>
    public byte[]? StandardInput { get; init; }

    /// <summary>Without <see cref="StandardInput"/>: true leaves this process's standard input to the command; false (the default) gives it a closed one.</summary>
    public bool InheritStandardInput { get; init; }

    public bool CaptureOutput { get; init; } = true;

    public bool CaptureError { get; init; } = true;

    /// <summary>Called with each line of standard output as it arrives; what it returns is kept (null: dropped). Without it, the output is kept whole.</summary>
    public Func<string, string?>? OutputLine { get; init; }

    /// <summary>As <see cref="OutputLine"/>, for standard error.</summary>
    public Func<string, string?>? ErrorLine { get; init; }

    public string? WorkingDirectory { get; init; }

    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
}

/// <summary>A command started by <see cref="ProcessRunner"/>: wait for it (with a deadline and cancellation), read what it printed.</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process _process;
    private readonly Task<string> _output;
    private readonly Task<string> _error;
    private readonly List<string> _outputLines = [];
    private readonly List<string> _errorLines = [];
    private readonly bool _outputByLine;
    private readonly bool _errorByLine;

    /// <summary>Starts a prepared command (Cake's tools render their arguments to one string).</summary>
    internal static RunningProcess Start(ProcessStartInfo startInfo, string commandLine, ProcessOptions options)
    {
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardInput = options.StandardInput is not null || !options.InheritStandardInput;
        startInfo.RedirectStandardOutput = options.CaptureOutput;
        startInfo.RedirectStandardError = options.CaptureError;
        if (options.WorkingDirectory is { } directory)
        {
            startInfo.WorkingDirectory = directory;
        }

        foreach (var (name, value) in options.Environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            process.Dispose();
            throw new InvalidOperationException($"`{commandLine}` could not be started: {exception.Message}", exception);
        }

        return new RunningProcess(process, commandLine, options);
    }

    private RunningProcess(Process process, string commandLine, ProcessOptions options)
    {
        _process = process;
        CommandLine = commandLine;
        _outputByLine = options.OutputLine is not null;
        _errorByLine = options.ErrorLine is not null;
        _output = options.CaptureOutput ? Read(process.StandardOutput, options.OutputLine, _outputLines) : Task.FromResult(string.Empty);
        _error = options.CaptureError ? Read(process.StandardError, options.ErrorLine, _errorLines) : Task.FromResult(string.Empty);
        if (process.StartInfo.RedirectStandardInput)
        {
            WriteInput(process, options.StandardInput);
        }
    }

    /// <summary>The command as a reader would type it, for messages.</summary>
    public string CommandLine { get; }

    /// <summary>Everything written to standard output (once the command ended); the kept lines when a line handler was given.</summary>
    public string StandardOutput => _output.GetAwaiter().GetResult();

    public string StandardError => _error.GetAwaiter().GetResult();

    /// <summary>Standard output as lines (once the command ended).</summary>
    public IReadOnlyList<string> StandardOutputLines => Lines(_output, _outputByLine ? _outputLines : null);

    public IReadOnlyList<string> StandardErrorLines => Lines(_error, _errorByLine ? _errorLines : null);

    public int ExitCode => _process.ExitCode;

    /// <summary>
    /// Waits for the command to end and for its output to be read. When <paramref name="cancellationToken"/> is
    /// cancelled or <paramref name="timeout"/> passes, the command and its children are killed; cancellation throws
    /// <see cref="OperationCanceledException"/>, the time-out <see cref="TimeoutException"/>.
    /// </summary>
    public async Task<int> WaitAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{CommandLine}` did not finish within {timeout?.TotalSeconds:0} s and was killed.");
        }

        await Task.WhenAll(_output, _error).ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Waits up to <paramref name="milliseconds"/>; a command still running then is killed with its children and false returned.</summary>
    public bool WaitForExit(int milliseconds)
    {
        if (_process.WaitForExit(milliseconds))
        {
            Task.WhenAll(_output, _error).GetAwaiter().GetResult();
            return true;
        }

        Kill();
        return false;
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose() => _process.Dispose();

    private static async Task<string> Read(StreamReader reader, Func<string, string?>? handler, List<string> kept)
    {
        if (handler is null)
        {
            return await reader.ReadToEndAsync(CancellationToken.None).ConfigureAwait(false);
        }

        while (await reader.ReadLineAsync(CancellationToken.None).ConfigureAwait(false) is { } line)
        {
            if (handler(line) is { } keep)
            {
                lock (kept)
                {
                    kept.Add(keep);
                }
            }
        }

        lock (kept)
        {
            return string.Join('\n', kept);
        }
    }

    private static List<string> Lines(Task<string> text, List<string>? kept)
    {
        var whole = text.GetAwaiter().GetResult();
        if (kept is not null)
        {
            lock (kept)
            {
                return kept.ToList();
            }
        }

        var lines = new List<string>();
        using var reader = new StringReader(whole);
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static void WriteInput(Process process, byte[]? standardInput)
    {
        try
        {
            if (standardInput is not null)
            {
                process.StandardInput.BaseStream.Write(standardInput);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input; its exit code tells what happened.
        }
    }
}
