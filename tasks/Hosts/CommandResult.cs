namespace Workload.Hosts;

/// <summary>What a command on a host gave back.</summary>
public sealed record CommandResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws a <see cref="HostCommandException"/> naming the host and the step when the command failed.</summary>
    public CommandResult EnsureSuccess(string host, string what) =>
        Succeeded ? this : throw new HostCommandException(host, what, this);
}

/// <summary>A command on a host failed; the message names the host, the step, the exit code and the command's own words.</summary>
public sealed class HostCommandException(string host, string what, CommandResult result)
    : Exception($"{what} failed on {host} (exit code {result.ExitCode}){Details(result)}")
{
    public CommandResult Result { get; } = result;

    private static string Details(CommandResult result)
    {
        var text = (result.Error.Trim().Length > 0 ? result.Error : result.Output).Trim();
        if (text.Length == 0)
        {
            return ".";
        }

        var lines = text.Split('\n');
        return ":" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", lines.TakeLast(20));
    }
}

/// <summary>A host could not be reached or would not let us in; the message names host, port, user and key file.</summary>
public sealed class HostConnectionException(string message, Exception? inner = null) : Exception(message, inner);
