using System.Reflection;
using Spectre.Console.Rendering;

namespace Workload.Frosting;

/// <summary>What <see cref="CakeHost"/> was told before <c>Run</c>: task assemblies, default target, extra help.</summary>
public sealed class CakeHostOptions
{
    public List<Assembly> Assemblies { get; } = [];

    /// <summary>The context type tasks receive; <see cref="FrostingContext"/> unless <c>UseContext</c> says otherwise.</summary>
    public Type ContextType { get; set; } = typeof(FrostingContext);

    /// <summary>The target run when the command line names none.</summary>
    public string DefaultTarget { get; set; } = "Default";

    /// <summary>Extra sections appended to <c>--help</c>, after the list of targets.</summary>
    public List<Func<IEnumerable<IRenderable>>> HelpSections { get; } = [];

    /// <summary>Options the context reads (such as --config and --plan), listed in <c>--help</c> with the Cake host's own.</summary>
    public List<(string Names, string Description)> HelpOptions { get; } = [];

    /// <summary>
    /// <c>--help NAME</c>: the full help of one item (a setting), or an error that says what was expected when
    /// nothing has that name.
    /// </summary>
    public Func<string, (string? Text, string? Error)>? HelpTopic { get; set; }

    /// <summary>What the tool does, in a sentence, for <c>--info</c>.</summary>
    public string? Description { get; set; }
}
