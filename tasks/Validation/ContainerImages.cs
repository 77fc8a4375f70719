using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Docker;

namespace Workload.Validation;

/// <summary>Makes sure an image is there before a check uses it, so that a failed pull is reported as one.</summary>
public static class ContainerImages
{
    /// <summary>
    /// Uses <paramref name="image"/> when the engine has it, else pulls it; a failed pull says which setting names
    /// it, and <paramref name="alternative"/> (what else the user can do) when given.
    /// </summary>
    public static void Ensure(ICakeContext context, ContainerEngine engine, string image, string setting, string? alternative = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(engine);
        if (context.DockerImageExists(engine.Apply(new DockerImageInspectSettings()), image))
        {
            context.Log.Verbose("Image {0} is present", image);
            return;
        }

        context.Log.Information("Pulling {0} with {1}", image, engine.Name);
        try
        {
            context.DockerPull(engine.Apply(new DockerPullSettings { Quiet = true }), image);
        }
        catch (CakeException exception)
        {
            throw new CakeException($"The image {image} is not here and could not be pulled; set {setting} to an image this machine has or can pull{alternative}. {exception.Message}", exception);
        }
    }
}
