using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Workload.Frosting;

/// <summary>
/// Spectre's help with the Cake host's options and the context's (--config, --plan) in one list, followed by the targets
/// (from the task classes) and the Cake host's extra sections. Names sit in columns that never wrap, so no option,
/// target or setting name is broken across lines at any width or when piped.
/// </summary>
internal sealed class CakeHelpProvider(ICommandAppSettings settings, CakeHostOptions options) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetOptions(ICommandModel model, ICommandInfo? command)
    {
        var grid = NameGrid();
        grid.AddRow(new Markup("    [bold]-h, --help[/] [[NAME]]"), new Text("Prints this help; with a setting's key, that setting in full"));
        foreach (var option in command?.Parameters.OfType<ICommandOption>().Where(o => !o.IsHidden) ?? [])
        {
            var names = string.Join(", ", option.ShortNames.Select(n => "-" + n).Concat(option.LongNames.Take(1).Select(n => "--" + n)));
            var value = option.ValueName is null ? string.Empty : $" <{option.ValueName}>";
            grid.AddRow(new Markup($"    [bold]{Markup.Escape(names)}[/]{Markup.Escape(value)}"), new Text(option.Description ?? string.Empty));
        }

        foreach (var (names, description) in options.HelpOptions)
        {
            grid.AddRow(new Markup($"    [bold]{Markup.Escape(names)}[/]"), new Text(description));
        }

        yield return new Markup(Environment.NewLine + "[yellow]OPTIONS:[/]" + Environment.NewLine);
        yield return grid;
    }

    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        foreach (var renderable in base.GetFooter(model, command))
        {
            yield return renderable;
        }

        var grid = NameGrid();
        foreach (var task in TaskMetadata.FindTasks(options.Assemblies))
        {
            grid.AddRow(
                new Markup($"  [bold]{Markup.Escape(TaskMetadata.NameOf(task))}[/]"),
                new Text(TaskMetadata.DescriptionOf(task)));
        }

        yield return new Markup(Environment.NewLine + "[yellow]TARGETS:[/]" + Environment.NewLine);
        yield return grid;
        foreach (var section in options.HelpSections)
        {
            foreach (var renderable in section())
            {
                yield return renderable;
            }
        }
    }

    /// <summary>Two columns: names that never wrap, and words that wrap in the width left.</summary>
    internal static Grid NameGrid() => new Grid()
        .AddColumn(new GridColumn().NoWrap().PadRight(2))
        .AddColumn(new GridColumn());
}
