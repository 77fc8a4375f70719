namespace Workload.Docker;

/// <summary>Puts a docker command line together: the command's words, its options, then its operands.</summary>
public static class DockerCommandLine
{
    /// <summary>The arguments after the executable, one string each, exactly as the engine receives them.</summary>
    public static IReadOnlyList<string> Build(IEnumerable<string> command, DockerSettings settings, IEnumerable<string> operands)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return [.. command, .. settings.Options(), .. operands];
    }
}
