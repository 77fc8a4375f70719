using Cake.Core;
using Cake.Core.IO;
using Workload.Common;
using Workload.Docker;
using Workload.Templates;

namespace Workload.Validation;

/// <summary>
/// Runs template checks: renders each template with its sample into a scratch directory, then runs its checker
/// there, with the tool on this machine when it is installed, else in <paramref name="image"/> when one is given.
/// </summary>
/// <param name="context">The run's environment and log, for the processes it runs.</param>
/// <param name="templates">Renders the templates (built in, or from the templates directory setting).</param>
/// <param name="engine">The container engine, asked for only when a check needs a container.</param>
/// <param name="image">An image with the checkers (<c>templateCheckImage</c>), or null.</param>
public sealed class TemplateCheckRunner(ICakeContext context, TemplateRenderer templates, Func<ContainerEngine> engine, string? image)
{
    /// <summary>Where a container sees the scratch directory.</summary>
    public const string ContainerDirectory = "/check";

    /// <summary>Checks every template of <paramref name="checks"/>, in order.</summary>
    public IReadOnlyList<TemplateCheckResult> Run(IEnumerable<TemplateCheck> checks) => checks.Select(Check).ToList();

    private TemplateCheckResult Check(TemplateCheck check)
    {
        string rendered;
        try
        {
            templates.ReadSource(check.Template);
        }
        catch (TemplateException)
        {
            return new(check.Template, TemplateCheckOutcome.Absent, "not in templates/");
        }

        try
        {
            rendered = templates.Render(check.Template, check.Sample);
        }
        catch (TemplateException exception)
        {
            return new(check.Template, TemplateCheckOutcome.Failed, $"does not render with the sample values: {exception.Message}");
        }

        using var scratch = ScratchDirectory.Create("workload-template-check");
        var local = context.Tools.Resolve(check.Tool);
        var directory = local is not null ? scratch.Path : ContainerDirectory;
        scratch.Write(check.FileName, rendered);
        foreach (var (name, content) in check.Support?.Invoke(directory) ?? new Dictionary<string, string>())
        {
            scratch.Write(name, content);
        }

        var command = check.Command(directory);
        if (local is not null)
        {
            return Outcome(check, RunLocally(local, command), $"{string.Join(' ', command)} (here)");
        }

        if (image is null)
        {
            return new(check.Template, TemplateCheckOutcome.NotChecked,
                $"{check.Tool} is not installed here and templateCheckImage is not set; install {check.Install}, or set templateCheckImage to an image that has it");
        }

        return Outcome(check, RunInContainer(scratch.Path, command), $"{string.Join(' ', command)} (in {image})");
    }

    private static TemplateCheckResult Outcome(TemplateCheck check, (int ExitCode, string Output) result, string how) =>
        result.ExitCode == 0
            ? new(check.Template, TemplateCheckOutcome.Passed, how)
            : new(check.Template, TemplateCheckOutcome.Failed, $"{how} exited with {result.ExitCode}: {result.Output}".TrimEnd(' ', ':'));

    private (int ExitCode, string Output) RunLocally(FilePath tool, IReadOnlyList<string> command)
    {
        var settings = new ProcessSettings
        {
            Arguments = DockerArgument.Build(command.Skip(1)),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = new CakeProcessRunner(context).Start(tool, settings);
        process.WaitForExit();
        var output = process.GetStandardOutput().Concat(process.GetStandardError());
        return (process.GetExitCode(), string.Join(Environment.NewLine, output).Trim());
    }

    private (int ExitCode, string Output) RunInContainer(string scratch, IReadOnlyList<string> command)
    {
        var containers = engine();
        var run = containers.Apply(new DockerRunSettings { Rm = true, Network = "none", HandleExitCode = _ => true });
        run.Label.Add("workload.check=templates");
        run.Volume.Add($"{scratch}:{ContainerDirectory}");
        var result = DockerAliases.Runner<DockerRunSettings>(context).Run(run, ["run"], [image!, .. command], DockerOutput.Capture);
        return (result.ExitCode, string.Join(Environment.NewLine, result.Output.Concat(result.Errors)).Trim());
    }
}
