using Cake.Core.Tooling;

namespace Workload.Docker;

/// <summary>
/// What every docker command's settings share. <see cref="ToolSettings.ToolPath"/> names the engine's executable:
/// set it from <see cref="ContainerEngine.Apply{TSettings}"/>, because a <c>docker</c> on the PATH may be a client
/// without a daemon while Podman works (the command line is the same for both).
/// </summary>
public abstract class DockerSettings : ToolSettings
{
    /// <summary>The options of the command, in the order they go after its name.</summary>
    internal abstract IEnumerable<string> Options();

    /// <summary><c>--name value</c> when the value is set, nothing otherwise.</summary>
    private protected static IEnumerable<string> Option(string name, string? value) =>
        string.IsNullOrEmpty(value) ? [] : [name, value];

    /// <summary><c>--name</c> when the flag is set.</summary>
    private protected static IEnumerable<string> Flag(string name, bool set) => set ? [name] : [];

    /// <summary><c>--name value</c> once per value.</summary>
    private protected static IEnumerable<string> Repeated(string name, IEnumerable<string> values) =>
        values.SelectMany(v => new[] { name, v });
}
