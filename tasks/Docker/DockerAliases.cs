using Cake.Core;
using Cake.Core.Annotations;

namespace Workload.Docker;

/// <summary>
/// Aliases for the <c>docker</c> command line, which Docker and Podman share. Each takes the settings of its
/// command; set their <see cref="Cake.Core.Tooling.ToolSettings.ToolPath"/> with <see cref="ContainerEngine.Apply{TSettings}"/>
/// to choose the engine. A non-zero exit code throws with the engine's error, unless the settings'
/// <see cref="Cake.Core.Tooling.ToolSettings.HandleExitCode"/> accepts it.
/// </summary>
[CakeAliasCategory("Docker")]
public static class DockerAliases
{
    /// <summary>Runs <paramref name="command"/> in a new container from <paramref name="image"/>; its output is logged as it comes.</summary>
    /// <returns>The container's exit code (only non-zero when <c>HandleExitCode</c> accepted it).</returns>
    /// <example><code>
    /// var code = context.DockerRun(new DockerRunSettings { Rm = true, Network = "none" }, "python:3.9-slim", "python3", "--version");
    /// </code></example>
    [CakeMethodAlias]
    public static int DockerRun(this ICakeContext context, DockerRunSettings settings, string image, params string[] command) =>
        Runner<DockerRunSettings>(context).Run(settings, ["run"], [image, .. command], DockerOutput.Stream).ExitCode;

    /// <summary>Builds an image from the build context at <paramref name="path"/>.</summary>
    [CakeMethodAlias]
    public static void DockerBuild(this ICakeContext context, DockerBuildSettings settings, string path) =>
        Runner<DockerBuildSettings>(context).Run(settings, ["build"], [path], DockerOutput.Stream);

    /// <summary>Pulls <paramref name="image"/> from its registry.</summary>
    [CakeMethodAlias]
    public static void DockerPull(this ICakeContext context, DockerPullSettings settings, string image) =>
        Runner<DockerPullSettings>(context).Run(settings, ["pull"], [image], DockerOutput.Stream);

    /// <summary>Makes the image <paramref name="repository"/> from a root filesystem tarball.</summary>
    [CakeMethodAlias]
    public static void DockerImport(this ICakeContext context, DockerImportSettings settings, string tarball, string repository) =>
        Runner<DockerImportSettings>(context).Run(settings, ["import"], [tarball, repository], DockerOutput.Capture);

    /// <summary>Whether the engine has <paramref name="image"/> locally (no pull is tried).</summary>
    [CakeMethodAlias]
    public static bool DockerImageExists(this ICakeContext context, DockerImageInspectSettings settings, string image)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.HandleExitCode = _ => true;
        return Runner<DockerImageInspectSettings>(context).Run(settings, ["image", "inspect"], [image], DockerOutput.Capture).ExitCode == 0;
    }

    /// <summary>Removes images.</summary>
    [CakeMethodAlias]
    public static void DockerRmi(this ICakeContext context, DockerRmiSettings settings, params string[] images) =>
        Runner<DockerRmiSettings>(context).Run(settings, ["rmi"], images, DockerOutput.Capture);

    /// <summary>Removes containers.</summary>
    [CakeMethodAlias]
    public static void DockerRm(this ICakeContext context, DockerRmSettings settings, params string[] containers) =>
        Runner<DockerRmSettings>(context).Run(settings, ["rm"], containers, DockerOutput.Capture);

    /// <summary>Runs <c>docker version</c> and returns what it printed (with a format, just that value).</summary>
    [CakeMethodAlias]
    public static DockerResult DockerVersion(this ICakeContext context, DockerVersionSettings settings) =>
        Runner<DockerVersionSettings>(context).Run(settings, ["version"], [], DockerOutput.Capture);

    internal static DockerRunner<TSettings> Runner<TSettings>(ICakeContext context)
        where TSettings : DockerSettings
    {
        ArgumentNullException.ThrowIfNull(context);
        return new DockerRunner<TSettings>(context);
    }
}
