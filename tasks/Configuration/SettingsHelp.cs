using System.Globalization;
using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;
using Workload.Frosting;

namespace Workload.Configuration;

/// <summary>
/// The settings section of <c>--help</c> (every key with the first sentence of its description, grouped as in the
/// README) and <c>--help KEY</c> (one setting in full).
/// </summary>
public static class SettingsHelp
{
    public static IEnumerable<IRenderable> Render()
    {
        yield return new Markup(
            Environment.NewLine + "[yellow]SETTINGS:[/] " +
            Markup.Escape($"--key=value, or environment variable {WorkloadSettings.EnvironmentPrefix}KEY, or \"key\" in workload.json (--config=PATH for another file). Secrets only from the environment. ./build.sh --help KEY shows one setting in full; README.md lists them all.") +
            Environment.NewLine);
        foreach (var group in SettingDefinition.All.GroupBy(d => d.Group))
        {
            var grid = CakeHelpProvider.NameGrid();
            foreach (var setting in group)
            {
                grid.AddRow(new Markup($"  [bold]{Markup.Escape(setting.Key)}[/]"), new Text(Summary(setting)));
            }

            yield return new Markup($"{Environment.NewLine}[underline]{Markup.Escape(group.Key)}[/]{Environment.NewLine}");
            yield return grid;
        }
    }

    /// <summary>The help of the setting named <paramref name="name"/> (any case, as the loader matches keys), or why there is none.</summary>
    public static (string? Text, string? Error) Topic(string name)
    {
        var setting = SettingDefinition.Find(name);
        if (setting is null)
        {
            var suggestion = SettingDefinition.Suggest(name);
            return (null, $"--help {SettingFormats.Shown(name).Trim('"')}: no setting has this name" +
                (suggestion is null ? "; ./build.sh --help lists the settings" : $"; did you mean {suggestion}?"));
        }

        var width = Width();
        var text = new StringBuilder();
        text.Append(setting.Key).Append(" (").Append(setting.Group).Append(")\n");
        Wrap(text, setting.Description, "  ", width);
        Wrap(text, "Expected: " + setting.Expectation(), "  ", width);
        if (setting.IsSecret)
        {
            Wrap(text, $"Secret: only from the environment variable {setting.EnvironmentVariable}; masked in every log, report and diff.", "  ", width);
        }
        else
        {
            Wrap(text, "Default: " + DefaultText(setting), "  ", width);
            Wrap(text, $"Set it: --{setting.Key}=VALUE, environment variable {setting.EnvironmentVariable}, or \"{setting.Key}\" in workload.json.", "  ", width);
        }

        return (text.ToString(), null);
    }

    /// <summary>The default of a setting as a user would type it.</summary>
    public static string DefaultText(SettingDefinition setting)
    {
        var value = setting.Property.GetValue(new WorkloadSettings());
        return value switch
        {
            null => "(none)",
            bool flag => flag ? "true" : "false",
            int number => number.ToString(CultureInfo.InvariantCulture),
            List<string> list => list.Count == 0 ? "(none)" : string.Join(",", list),
            Dictionary<string, string> map => map.Count == 0 ? "(none)" : string.Join(",", map.Select(p => $"{p.Key}={p.Value}")),
            _ => value.ToString() ?? string.Empty,
        };
    }

    /// <summary>The first sentence of the description: --help lists every setting, --help KEY says the rest.</summary>
    private static string Summary(SettingDefinition setting)
    {
        var end = setting.Description.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? setting.Description : setting.Description[..(end + 1)];
    }

    /// <summary>The terminal's width: COLUMNS, the console's, or 80 when the output is piped.</summary>
    private static int Width()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.None, CultureInfo.InvariantCulture, out var columns) && columns >= 40)
        {
            return columns;
        }

        return Console.IsOutputRedirected ? 80 : Math.Max(40, Console.WindowWidth);
    }

    /// <summary>Appends <paramref name="words"/> wrapped at spaces to <paramref name="width"/>, each line indented; a word longer than a line stands alone, never cut.</summary>
    private static void Wrap(StringBuilder text, string words, string indent, int width)
    {
        var line = new StringBuilder(indent);
        foreach (var word in words.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length > indent.Length && line.Length + 1 + word.Length > width)
            {
                text.Append(line).Append('\n');
                line.Clear().Append(indent);
            }

            line.Append(line.Length > indent.Length ? " " : string.Empty).Append(word);
        }

        text.Append(line).Append('\n');
    }
}
