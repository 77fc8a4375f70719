using Cake.Core;

namespace Workload.Frosting;

/// <summary>A task of the graph as the host sees it, whatever its context type.</summary>
public interface IFrostingTask
{
    /// <summary>The context type the task was written for.</summary>
    Type ContextType { get; }

    /// <summary>Why the task was skipped when <see cref="ShouldRun"/> said no; shown in the report.</summary>
    string SkippedMessage { get; }

    Task RunAsync(ICakeContext context);

    /// <summary>Checks whether the task is needed and, when it is, runs it; false when it was skipped.</summary>
    Task<bool> RunIfNeededAsync(ICakeContext context);

    bool ShouldRun(ICakeContext context);

    void OnError(Exception exception, ICakeContext context);

    void Finally(ICakeContext context);
}
