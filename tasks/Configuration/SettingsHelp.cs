using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Workload.Configuration;

/// <summary>The settings section of <c>--help</c>: every key with its default and description, grouped.</summary>
public static class SettingsHelp
{
    public static IEnumerable<IRenderable> Render()
    {
        yield return new Markup(
            Environment.NewLine + "[yellow]SETTINGS:[/] " +
            Markup.Escape($"--key=value, or environment variable {WorkloadSettings.EnvironmentPrefix}KEY, or \"key\" in workload.json (--config=PATH for another file). Secrets only from the environment.") +
            Environment.NewLine);
        foreach (var group in SettingDefinition.All.GroupBy(d => d.Group))
        {
            var table = new Table().NoBorder().HideHeaders().AddColumn("key").AddColumn("default").AddColumn("description");
            foreach (var setting in group)
            {
                table.AddRow(
                    new Markup($"  [bold]{Markup.Escape(setting.Key)}[/]"),
                    new Text(setting.IsSecret ? $"env {setting.EnvironmentVariable}" : DefaultText(setting)),
                    new Text(setting.Description));
            }

            yield return new Markup($"[underline]{Markup.Escape(group.Key)}[/]{Environment.NewLine}");
            yield return table;
        }
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
}
