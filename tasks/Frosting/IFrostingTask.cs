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

    bool ShouldRun(ICakeContext context);

    void OnError(Exception exception, ICakeContext context);

    void Finally(ICakeContext context);
}
