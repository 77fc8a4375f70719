using Workload.Frosting;

namespace Workload;

/// <summary>
/// A task of the graph whose work a later issue delivers. It fails with a clear message, never reports success.
/// </summary>
public abstract class NotImplementedTask : FrostingTask<WorkloadContext>
{
    /// <summary>The issue that will implement the task.</summary>
    protected abstract int Issue { get; }

    public override void Run(WorkloadContext context) =>
        throw new NotSupportedException(
            $"Task {TaskMetadata.NameOf(GetType())} is not implemented yet (issue #{Issue}); nothing was changed by it.");
}
