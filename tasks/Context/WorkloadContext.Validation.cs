using Workload.Docker;

namespace Workload.Context;

/// <summary>What the validation tasks need of the context: the container engine and the artifacts directory.</summary>
public partial class WorkloadContext
{
    private ContainerEngine? _containerEngine;

    /// <summary>
    /// The engine the <c>containerEngine</c> setting chooses, found on first use, so that tasks that need no
    /// containers never ask for one.
    /// </summary>
    public ContainerEngine ContainerEngine
    {
        get => _containerEngine ??= ContainerEngine.Detect(this, Settings.ContainerEngine);
        internal set => _containerEngine = value;
    }

    /// <summary>
    /// The <c>artifactsDirectory</c> setting as an absolute path. A value from the command line is absolute
    /// already; the default is relative, and belongs under the run's working directory, not the process's.
    /// </summary>
    public string ArtifactsDirectory => Path.GetFullPath(Settings.ArtifactsDirectory, Environment.WorkingDirectory.FullPath);
}
