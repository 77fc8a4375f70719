namespace Workload.Common;

/// <summary>What a finished local command printed and how it ended.</summary>
/// <param name="CommandLine">The command as a reader would type it, for messages.</param>
/// <param name="ExitCode">The exit code; 0 is success.</param>
/// <param name="StandardOutput">Everything written to standard output.</param>
/// <param name="StandardError">Everything written to standard error.</param>
public sealed record ProcessResult(string CommandLine, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Whether the command exited with code 0.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>Returns this result when the command succeeded; otherwise throws a <see cref="CommandFailedException"/> naming it.</summary>
    public ProcessResult EnsureSuccess() => Succeeded ? this : throw new CommandFailedException(this);
}

/// <summary>A command exited with a non-zero code. The message names the command, the code and the end of its error output.</summary>
public sealed class CommandFailedException(ProcessResult result)
    : Exception($"`{result.CommandLine}` failed with exit code {result.ExitCode}{Describe(result)}")
{
    /// <summary>The failed command's result.</summary>
    public ProcessResult Result { get; } = result;

    private static string Describe(ProcessResult result)
    {
        var output = string.IsNullOrWhiteSpace(result.StandardError) ? result.StandardOutput : result.StandardError;
        var tail = TextTail.LastLines(output, 15);
        return tail.Length == 0 ? "." : ":" + Environment.NewLine + tail;
    }
}
