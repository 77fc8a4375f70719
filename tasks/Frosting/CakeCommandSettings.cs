using System.ComponentModel;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Spectre.Console.Cli;

namespace Workload.Frosting;

/// <summary>The options of the Frosting command line; anything else is a <c>--key=value</c> argument for the context.</summary>
public sealed class CakeCommandSettings : CommandSettings
{
    [CommandOption("--target|-t|--Target <TARGET>")]
    [Description("Target task to run. Repeat it to run several.")]
    public string[] Targets { get; set; } = [];

    [CommandOption("--working|-w <PATH>")]
    [TypeConverter(typeof(Cake.Cli.DirectoryPathConverter))]
    [Description("Sets the working directory.")]
    public DirectoryPath? WorkingDirectory { get; set; }

    [CommandOption("--verbosity|-v <VERBOSITY>")]
    [Description("Amount of information to display: Quiet, Minimal, Normal, Verbose, Diagnostic.")]
    [TypeConverter(typeof(VerbosityOption))]
    public Verbosity? Verbosity { get; set; }

    [CommandOption("--description|--descriptions|--showdescription|--showdescriptions")]
    [Description("Shows the description of each task.")]
    public bool Description { get; set; }

    [CommandOption("--tree|--showtree")]
    [Description("Shows the task dependency tree.")]
    public bool Tree { get; set; }

    [CommandOption("--dryrun|--noop|--whatif")]
    [Description("Lists the tasks that would run, without running them.")]
    public bool DryRun { get; set; }

    [CommandOption("--exclusive|-e")]
    [Description("Runs the target task without its dependencies.")]
    public bool Exclusive { get; set; }

    [CommandOption("--version|--ver")]
    [Description("Displays version information.")]
    public bool Version { get; set; }

    [CommandOption("--info")]
    [Description("Displays information about the engine.")]
    public bool Info { get; set; }
}
