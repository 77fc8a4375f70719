using System.Reflection;
using Cake.Cli;
using Cake.Common.Modules;
using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.Modules;
using Cake.Core.Tooling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Spectre.Console.Cli;
using Spectre.Console.Rendering;

namespace Workload.Frosting;

/// <summary>
/// The entry point of a build in Cake.Frosting's shape: tasks are the classes of the given assemblies,
/// Cake.Core's engine runs them, Cake.Cli's script hosts print trees, descriptions and reports.
/// </summary>
public sealed class CakeHost
{
    private readonly ServiceCollection _services = new();
    private readonly CakeHostOptions _options = new();
    private readonly List<Action<IServiceCollection>> _configure = [];

    public CakeHost()
    {
        var entry = Assembly.GetEntryAssembly();
        if (entry is not null)
        {
            _options.Assemblies.Add(entry);
        }
    }

    /// <summary>Adds an assembly whose task classes join the graph.</summary>
    public CakeHost AddAssembly(Assembly assembly)
    {
        _options.Assemblies.Add(assembly);
        return this;
    }

    /// <summary>Makes <typeparamref name="TContext"/> the context every task and lifetime receives.</summary>
    public CakeHost UseContext<TContext>()
        where TContext : class, ICakeContext
    {
        _options.ContextType = typeof(TContext);
        _services.AddSingleton<TContext>();
        return this;
    }

    /// <summary>Runs <typeparamref name="TLifetime"/>'s setup before the first task and its teardown after the last.</summary>
    public CakeHost UseLifetime<TLifetime>()
        where TLifetime : class, IFrostingLifetime
    {
        _services.AddSingleton<IFrostingLifetime, TLifetime>();
        return this;
    }

    /// <summary>Runs <typeparamref name="TLifetime"/>'s setup and teardown around every task.</summary>
    public CakeHost UseTaskLifetime<TLifetime>()
        where TLifetime : class, IFrostingTaskLifetime
    {
        _services.AddSingleton<IFrostingTaskLifetime, TLifetime>();
        return this;
    }

    /// <summary>The target run when <c>--target</c> is not given.</summary>
    public CakeHost UseDefaultTarget(string target)
    {
        _options.DefaultTarget = target;
        return this;
    }

    /// <summary>Adds a section to <c>--help</c>, after the targets.</summary>
    public CakeHost AddHelpSection(Func<IEnumerable<IRenderable>> section)
    {
        _options.HelpSections.Add(section);
        return this;
    }

    /// <summary>Lists an option that the context reads (not the host) with the host's options in <c>--help</c>.</summary>
    public CakeHost AddHelpOption(string names, string description)
    {
        _options.HelpOptions.Add((names, description));
        return this;
    }

    /// <summary>Answers <c>--help NAME</c> with the full help of one item, such as a setting.</summary>
    public CakeHost UseHelpTopic(Func<string, (string? Text, string? Error)> topic)
    {
        _options.HelpTopic = topic;
        return this;
    }

    /// <summary>The one-sentence description <c>--info</c> shows beside the version.</summary>
    public CakeHost UseDescription(string description)
    {
        _options.Description = description;
        return this;
    }

    /// <summary>Registers services the context, lifetimes or tasks need; runs after the host's own, so it can replace them.</summary>
    public CakeHost ConfigureServices(Action<IServiceCollection> configure)
    {
        _configure.Add(configure);
        return this;
    }

    /// <summary>Runs the command line and returns the exit code: 0 success, 1 failure, or what the context's <see cref="IRunOutcome"/> says.</summary>
    public int Run(IEnumerable<string> args)
    {
        var arguments = CommandLineCheck.Normalize(args.ToList());
        if (HelpTopic(arguments) is { } topic)
        {
            return topic;
        }

        var problems = CommandLineCheck.Problems(arguments);
        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"Error: {problem}");
            }

            return ExitCodes.Failure;
        }

        using var interruption = new RunInterruption();
        _services.AddSingleton(interruption);
        RegisterInfrastructure();
        foreach (var configure in _configure)
        {
            configure(_services);
        }

        foreach (var task in TaskMetadata.FindTasks(_options.Assemblies))
        {
            _services.AddSingleton(typeof(IFrostingTask), task);
        }

        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IServiceCollection), _services);
        registrar.RegisterInstance(typeof(CakeHostOptions), _options);
        registrar.RegisterInstance(typeof(RunInterruption), interruption);

        var app = new CommandApp<CakeCommand>(registrar);
        app.Configure(config =>
        {
            config.SetApplicationName("./build.sh");
            config.SetHelpProvider(new CakeHelpProvider(config.Settings, _options));
            config.AddExample("--target=Deploy");
            config.AddExample("--tree");

            // --key=value arguments that are not options of the host go to the context.
            config.Settings.ConvertFlagsToRemainingArguments = true;

            // --Target, --EXCLUSIVE: an option in another letter case is the option, never a setting that is dropped.
            config.CaseSensitivity(CaseSensitivity.None);
            config.PropagateExceptions();
        });

        try
        {
            return app.Run(arguments);
        }
        catch (CommandAppException exception)
        {
            // A converter's own words (what a value should look like) beat Spectre's "Failed to convert".
            var reason = exception.InnerException is InvalidOperationException inner ? inner.Message : exception.Message;
            Console.Error.WriteLine($"Error: {reason}");
            return ExitCodes.Failure;
        }
    }

    /// <summary><c>--help NAME</c> or <c>--help=NAME</c>: one item's help (exit 0) or why there is none (exit 1); null for anything else.</summary>
    private int? HelpTopic(IReadOnlyList<string> arguments)
    {
        string? name = arguments switch
        {
            [var help, var word] when help is "--help" or "-h" && !word.StartsWith('-') => word,
            [var help] when help.StartsWith("--help=", StringComparison.Ordinal) => help["--help=".Length..],
            _ => null,
        };
        if (name is null || _options.HelpTopic is null)
        {
            return null;
        }

        var (text, error) = _options.HelpTopic(name);
        if (text is null)
        {
            Console.Error.WriteLine($"Error: {error}");
            return ExitCodes.Failure;
        }

        Console.Out.Write(text);
        return ExitCodes.Success;
    }

    /// <summary>
    /// What a <see cref="CakeContext"/> needs from Cake.Core and Cake.Common (diagnostics, modules, configuration,
    /// data, execution strategy, tool installer), for the host and for anything that builds a context itself.
    /// </summary>
    public static IServiceCollection AddCakeContextServices(IServiceCollection services)
    {
        services.AddCakeDiagnostics();
        services.UseModule<CoreModule>();
        services.UseModule<CommonModule>();
        services.TryAddSingleton<ICakeConfiguration>(new CakeConfiguration(new Dictionary<string, string>()));
        services.TryAddSingleton<ICakeDataService, CakeDataService>();
        services.TryAddSingleton<IExecutionStrategy, DefaultExecutionStrategy>();
        services.TryAddSingleton<IToolInstaller, ToolInstaller>();
        return services;
    }

    private void RegisterInfrastructure()
    {
        AddCakeContextServices(_services);
        _services.TryAddSingleton(_options);
        _services.TryAddSingleton<ContextAccessor>();
        _services.TryAddSingleton<TaskRegistrar>();
        _services.TryAddSingleton<SkippedTasks>();
        _services.TryAddSingleton<ConcurrentLanes>();
        _services.TryAddSingleton(RunMode.Normal);
        _services.AddSingleton<ICakeReportPrinter>(sp => new SkipAwareReportPrinter(
            new CakeSpectreReportPrinter(sp.GetRequiredService<Spectre.Console.IAnsiConsole>()),
            sp.GetRequiredService<SkippedTasks>(),
            sp.GetRequiredService<ConcurrentLanes>(),
            sp.GetRequiredService<Spectre.Console.IAnsiConsole>()));
        if (_options.ContextType == typeof(FrostingContext))
        {
            _services.TryAddSingleton(sp => new FrostingContext(sp.GetRequiredService<ICakeContext>()));
        }

        _services.TryAddSingleton(sp => new BuildScriptHost<ICakeContext>(
            sp.GetRequiredService<ICakeEngine>(),
            sp.GetRequiredService<IExecutionStrategy>(),
            sp.GetRequiredService<ContextAccessor>().Context,
            sp.GetRequiredService<ICakeReportPrinter>(),
            sp.GetRequiredService<ICakeConfiguration>(),
            sp.GetRequiredService<ICakeLog>()));
        _services.TryAddSingleton(sp => new DryRunScriptHost<ICakeContext>(
            sp.GetRequiredService<ICakeEngine>(),
            sp.GetRequiredService<ContextAccessor>().Context,
            sp.GetRequiredService<ICakeLog>()));
        _services.TryAddSingleton<TreeScriptHost>();
        _services.TryAddSingleton<DescriptionScriptHost>();
    }
}
