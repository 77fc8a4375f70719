namespace Workload.Hosts;

/// <summary>How a command runs on a host.</summary>
/// <param name="AsLoginUser">Run as the login user instead of root (through sudo).</param>
/// <param name="Input">Bytes for the command's standard input.</param>
/// <param name="Timeout">Overrides the run's command timeout.</param>
public sealed record CommandOptions(bool AsLoginUser = false, byte[]? Input = null, TimeSpan? Timeout = null)
{
    public static CommandOptions Default { get; } = new();
}

/// <summary>A host the tool can run scripts on (as root) and upload files to; each call is one round trip.</summary>
public interface IHostShell
{
    /// <summary>The host's name in the workload (jenkins, monitoring).</summary>
    string Name { get; }

    /// <summary>Whether the login user is root, so no sudo is needed.</summary>
    bool IsRoot { get; }

    /// <summary>Round trips so far: commands and uploads.</summary>
    int RoundTrips { get; }

    /// <summary>Runs a POSIX sh script, as root unless <see cref="CommandOptions.AsLoginUser"/>; never throws for a non-zero exit.</summary>
    Task<CommandResult> RunAsync(string script, CommandOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a script that changes nothing (a probe, a fact), as root. A host connection may answer it from the
    /// speculative checks made when it took the host lock (<see cref="SpeculativeReads"/>) if nothing ran on the host since.
    /// </summary>
    Task<CommandResult> ReadAsync(string script, CancellationToken cancellationToken = default) => RunAsync(script, cancellationToken: cancellationToken);

    /// <summary>Uploads bytes to a path the login user can write.</summary>
    Task UploadAsync(byte[] content, string remotePath, CancellationToken cancellationToken = default);
}
