namespace Workload.Frosting;

/// <summary>
/// A context that knows a finer exit code than success, such as a plan with pending changes (2).
/// The host asks it only when every task succeeded.
/// </summary>
public interface IRunOutcome
{
    int ExitCode { get; }
}
