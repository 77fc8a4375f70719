using System.Reflection;
using Spectre.Console.Rendering;

namespace Workload.Frosting;

/// <summary>What <see cref="CakeHost"/> was told before <c>Run</c>: task assemblies, default target, extra help.</summary>
public sealed class HostOptions
{
    public List<Assembly> Assemblies { get; } = [];

    /// <summary>The context type tasks receive; <see cref="FrostingContext"/> unless <c>UseContext</c> says otherwise.</summary>
    public Type ContextType { get; set; } = typeof(FrostingContext);

    /// <summary>The target run when the command line names none.</summary>
    public string DefaultTarget { get; set; } = "Default";

    /// <summary>Extra sections appended to <c>--help</c>, after the list of targets.</summary>
    public List<Func<IEnumerable<IRenderable>>> HelpSections { get; } = [];
}
