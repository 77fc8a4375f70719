using System.Diagnostics;
using System.Runtime.Versioning;

namespace Workload.Providers.Local;

/// <summary>
/// Runs a program to completion with its arguments passed one by one (never through a shell), captures what it
/// prints, and kills it when the caller gives up. Failures name the command that failed.
/// </summary>
[SupportedOSPlatform("linux")]
public static class ProcessRunner
{
    /// <summary>Runs a command and throws <see cref="CommandFailedException"/> when it exits with a non-zero code.</summary>
    public static async Task<CommandResult> RunAsync(
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
    public static async Task<CommandResult> TryRunAsync(
        string program,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken,
        string? standardInput = null,
        TimeSpan? timeout = null)
    {
        var argumentList = arguments.ToList();
        var commandLine = CommandLine.Format(program, argumentList);
        var startInfo = new ProcessStartInfo(ExecutableLocator.Resolve(program))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in argumentList)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"`{commandLine}` could not be started: {exception.Message}", exception);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await WriteInputAsync(process, standardInput).ConfigureAwait(false);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"`{commandLine}` did not finish within {timeout?.TotalSeconds:0} s and was killed.");
        }

        return new CommandResult(commandLine, process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    private static async Task WriteInputAsync(Process process, string? standardInput)
    {
        try
        {
            if (standardInput is not null)
            {
                await process.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input; its exit code tells what happened.
        }
    }
}
