using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Workload.Frosting;

/// <summary>Spectre's help, followed by the targets (from the task classes) and the host's extra sections.</summary>
internal sealed class HostHelpProvider(ICommandAppSettings settings, HostOptions options) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        foreach (var renderable in base.GetFooter(model, command))
        {
            yield return renderable;
        }

        var table = new Table().NoBorder().HideHeaders().AddColumn("target").AddColumn("description");
        foreach (var task in TaskMetadata.FindTasks(options.Assemblies))
        {
            table.AddRow(
                new Markup($"  [bold]{Markup.Escape(TaskMetadata.NameOf(task))}[/]"),
                new Text(TaskMetadata.DescriptionOf(task)));
        }

        yield return new Markup(Environment.NewLine + "[yellow]TARGETS:[/]" + Environment.NewLine);
        yield return table;
        foreach (var section in options.HelpSections)
        {
            foreach (var renderable in section())
            {
                yield return renderable;
            }
        }
    }
}
