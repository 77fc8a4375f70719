using Cake.Cli;
using Cake.Cli.Infrastructure;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Scripting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Workload.Frosting;

/// <summary>The single command of the Cake host: parse, pick the script host for the mode, run, map to an exit code.</summary>
internal sealed class CakeCommand(IServiceCollection services, CakeHostOptions options, RunInterruption interruption) : Command<CakeCommandSettings>
{
    public override int Execute(CommandContext context, CakeCommandSettings settings, CancellationToken cancellationToken)
    {
        var targets = settings.Targets.Length > 0 ? settings.Targets : [options.DefaultTarget];
        services.AddSingleton<ICakeArguments>(context.Remaining.ToCakeArguments(targets));
        services.AddSingleton(context.Remaining);
        services.AddSingleton(new RunMode(settings.DryRun, settings.Exclusive, targets));

        using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<ICakeLog>();
        log.Verbosity = settings.Verbosity ?? Verbosity.Normal;
        interruption.Requested = () => log.Warning("Interrupted: stopping after the current step (press Ctrl+C again to stop at once).");
        try
        {
            if (settings.Version)
            {
                provider.GetRequiredService<IConsole>().WriteLine("{0}", VersionText());
                return ExitCodes.Success;
            }

            if (settings.Info)
            {
                provider.GetRequiredService<IConsole>().WriteLine("{0}", InfoText(options.Description));
                return ExitCodes.Success;
            }

            SetWorkingDirectory(provider, settings.WorkingDirectory);
            provider.GetRequiredService<TaskRegistrar>().Register();
            RequireKnownTargets(provider.GetRequiredService<ICakeEngine>(), targets);

            var host = PickScriptHost(provider, settings);
            if (settings.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            host.RunTargetsAsync(targets).GetAwaiter().GetResult();
            if (interruption.IsRequested)
            {
                return Interrupted(log);
            }

            var accessor = provider.GetRequiredService<ContextAccessor>();
            return accessor.IsCreated && accessor.Context is IRunOutcome outcome ? outcome.ExitCode : ExitCodes.Success;
        }
        catch (Exception exception)
        {
            // A failure that the interruption caused (a cancelled step) is the interruption, not an error to explain.
            if (interruption.IsRequested)
            {
                return Interrupted(log);
            }

            ErrorReporter.Report(log, exception);
            return ExitCodes.Failure;
        }
    }

    private static int Interrupted(ICakeLog log)
    {
        log.Error("{0}", RunInterruption.Message);
        return ExitCodes.Interrupted;
    }

    /// <summary>The product's version and the engine's, e.g. "microblog-workload 0.1.0 (Cake.Core 7.0.0)".</summary>
    private static string VersionText()
    {
        var entry = System.Reflection.Assembly.GetEntryAssembly();
        var product = entry?.GetCustomAttributes(typeof(System.Reflection.AssemblyProductAttribute), false)
            .OfType<System.Reflection.AssemblyProductAttribute>().FirstOrDefault()?.Product ?? entry?.GetName().Name;
        var version = entry?.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
        return $"{product} {version.Split('+')[0]} (Cake.Core {typeof(ICakeEngine).Assembly.GetName().Version})";
    }

    /// <summary>
    /// --info: the product, its version and commit, what it does, and the engine and runtime it runs on.
    /// </summary>
    private static string InfoText(string? description)
    {
        var informational = System.Reflection.Assembly.GetEntryAssembly()?.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? string.Empty;
        var commit = informational.Contains('+', StringComparison.Ordinal) ? informational.Split('+')[1] : null;
        static string Version(Type type) =>
            (type.Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
             ?? type.Assembly.GetName().Version?.ToString(3) ?? "unknown").Split('+')[0];
        var lines = new List<string>
        {
            VersionText(),
            commit is null ? "Commit: unknown" : $"Commit: {commit}",
        };
        if (description is not null)
        {
            lines.Add(description);
        }

        lines.Add($"Engine: Cake.Core {Version(typeof(ICakeEngine))}, Cake.Common {Version(typeof(Cake.Common.Modules.CommonModule))}, Spectre.Console.Cli {Version(typeof(CommandApp))}");
        lines.Add($"Runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription} on {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}");
        return string.Join(Environment.NewLine, lines);
    }

    private static IScriptHost PickScriptHost(IServiceProvider provider, CakeCommandSettings settings)
    {
        if (settings.Tree)
        {
            return provider.GetRequiredService<TreeScriptHost>();
        }

        if (settings.Description)
        {
            return provider.GetRequiredService<DescriptionScriptHost>();
        }

        return settings.DryRun
            ? provider.GetRequiredService<DryRunScriptHost<ICakeContext>>()
            : provider.GetRequiredService<BuildScriptHost<ICakeContext>>();
    }

    private static void RequireKnownTargets(ICakeEngine engine, IEnumerable<string> targets)
    {
        var known = engine.Tasks.Select(t => t.Name).ToList();
        var unknown = targets.Where(t => !known.Contains(t, StringComparer.OrdinalIgnoreCase)).ToList();
        if (unknown.Count > 0)
        {
            throw new CakeException(
                $"Unknown target{(unknown.Count > 1 ? "s" : string.Empty)} '{string.Join("', '", unknown)}'. " +
                $"Valid targets: {string.Join(", ", known)}.");
        }
    }

    private static void SetWorkingDirectory(IServiceProvider provider, DirectoryPath? requested)
    {
        var environment = provider.GetRequiredService<ICakeEnvironment>();
        if (requested is null)
        {
            return;
        }

        var directory = requested.MakeAbsolute(environment);
        if (!provider.GetRequiredService<IFileSystem>().Exist(directory))
        {
            throw new CakeException($"The working directory '{directory.FullPath}' (--working) does not exist.");
        }

        environment.WorkingDirectory = directory;
    }
}
