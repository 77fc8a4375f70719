using System.Text.Json;
using Workload.Configuration;
using Workload.Common;

namespace Workload.State;

/// <summary>A corrupt or foreign state file. The tool stops rather than overwrite it.</summary>
public sealed class StateFileException(string message) : Exception(message);

/// <summary>Reads and writes the state file; a write is atomic (temporary file, flush, rename).</summary>
public sealed class StateStore(string path, string project)
{
    // Host keys hold '+' and '/': written as they are, the file reads like the known_hosts lines it mirrors.
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The largest state file read: two hosts and a few ids take a few kilobytes.</summary>
    public const long MaxBytes = 1024 * 1024;

    public string Path { get; } = path;

    /// <summary>
    /// The state, or an empty one for this project when the file does not exist yet. What the file holds is checked
    /// with the formats of the settings it stands in for (addresses, users, ports, key paths, host keys), since tasks
    /// use it as they use the settings.
    /// </summary>
    public WorkloadState Load()
    {
        var file = LocalFile.Inspect(Path);
        if (file.Kind == LocalFileKind.Missing)
        {
            return new WorkloadState { Project = project };
        }

        if (LocalFile.ReadableFileProblem(Path, MaxBytes) is { } unreadable)
        {
            throw new StateFileException($"The state file '{Path}' {unreadable}. It was left as it is; point the stateFile setting at a file.");
        }

        WorkloadState? state;
        try
        {
            state = JsonSerializer.Deserialize<WorkloadState>(File.ReadAllBytes(Path), Options);
        }
        catch (JsonException exception)
        {
            throw new StateFileException(
                $"The state file '{Path}' is corrupt ({exception.Message}). It was left as it is: repair it, or move it " +
                "aside and re-run (provisioning finds existing hosts again).");
        }

        if (state is null || state.Format != WorkloadState.CurrentFormat)
        {
            throw new StateFileException(
                $"The state file '{Path}' is not one of this tool's (format '{state?.Format}', expected '{WorkloadState.CurrentFormat}'). " +
                "It was left as it is; point the stateFile setting elsewhere.");
        }

        if (!string.Equals(state.Project, project, StringComparison.Ordinal))
        {
            throw new StateFileException(
                $"The state file '{Path}' belongs to project '{state.Project}', not '{project}'. It was left as it is; " +
                "set project to match, or point the stateFile setting elsewhere.");
        }

        var problems = WorkloadStateRules.Problems(state);
        if (problems.Count > 0)
        {
            throw new StateFileException(
                $"The state file '{Path}' holds values the tool would not write ({string.Join("; ", problems)}). It was left as it is: " +
                "repair it, or move it aside and re-run (provisioning finds existing hosts again).");
        }

        return state;
    }

    public void Save(WorkloadState state) =>
        AtomicFile.Write(Path, stream => JsonSerializer.Serialize(stream, state, Options), mode: null);
}
