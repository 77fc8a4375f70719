namespace Workload.Docker;

/// <summary>How a docker command ended: its exit code, the lines it wrote to standard output, and its last error lines.</summary>
public sealed record DockerResult(int ExitCode, IReadOnlyList<string> Output, IReadOnlyList<string> Errors);

/// <summary>What happens to a command's output while it runs.</summary>
public enum DockerOutput
{
    /// <summary>Every line goes to the log as it arrives (a container's work the user watches).</summary>
    Stream,

    /// <summary>Lines are kept for the caller and shown only at verbose level (a query such as <c>volume inspect</c>).</summary>
    Capture,
}
