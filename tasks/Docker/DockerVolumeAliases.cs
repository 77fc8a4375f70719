using Cake.Core;
using Cake.Core.Annotations;

namespace Workload.Docker;

/// <summary>Aliases for <c>docker volume</c>: named volumes that outlive the containers using them.</summary>
[CakeAliasCategory("Docker")]
public static class DockerVolumeAliases
{
    /// <summary>Creates the named volume <paramref name="name"/>.</summary>
    [CakeMethodAlias]
    public static void DockerVolumeCreate(this ICakeContext context, DockerVolumeCreateSettings settings, string name) =>
        DockerAliases.Runner<DockerVolumeCreateSettings>(context).Run(settings, ["volume", "create"], [name], DockerOutput.Capture);

    /// <summary>Whether the named volume <paramref name="name"/> exists.</summary>
    [CakeMethodAlias]
    public static bool DockerVolumeExists(this ICakeContext context, DockerVolumeInspectSettings settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.HandleExitCode = _ => true;
        return DockerAliases.Runner<DockerVolumeInspectSettings>(context)
            .Run(settings, ["volume", "inspect"], [name], DockerOutput.Capture).ExitCode == 0;
    }

    /// <summary>Removes named volumes.</summary>
    [CakeMethodAlias]
    public static void DockerVolumeRm(this ICakeContext context, DockerVolumeRmSettings settings, params string[] names) =>
        DockerAliases.Runner<DockerVolumeRmSettings>(context).Run(settings, ["volume", "rm"], names, DockerOutput.Capture);
}
