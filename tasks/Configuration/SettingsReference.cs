using System.Text;

namespace Workload.Configuration;

/// <summary>The settings as the README documents them: one markdown table per group, generated from the code.</summary>
public static class SettingsReference
{
    public const string BeginMarker = "<!-- settings:begin (generated from tasks/Configuration; a test keeps it in sync) -->";
    public const string EndMarker = "<!-- settings:end -->";

    public static string Markdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfoInvariant($"\nEvery value is checked against the format in parentheses below, chosen from the grammar of the file or command it reaches. No value, secrets included, may hold a control character (Unicode Cc, Cf such as bidi controls, line and paragraph separators, unassigned code points); text is at most {SettingFormats.TextMaxLength} characters and lists at most {SettingFormats.ListMaxItems} items. A configuration file is a regular file of at most {LocalFile.SizeText(SettingsLoader.MaxConfigFileBytes)}, UTF-8 with or without a byte-order mark, and names each key once.\n"));
        foreach (var group in SettingDefinition.All.GroupBy(d => d.Group))
        {
            text.Append("\n#### ").Append(group.Key).Append("\n\n");
            text.Append("| key | environment | default | description |\n|---|---|---|---|\n");
            foreach (var setting in group)
            {
                var fallback = setting.IsSecret ? "(secret: environment only)" : $"`{SettingsHelp.DefaultText(setting)}`";
                text.Append(CultureInfoInvariant($"| `{setting.Key}` | `{setting.EnvironmentVariable}` | {fallback} | {Escape(setting.Description)} ({setting.Expectation()}) |\n"));
            }
        }

        return text.ToString();
    }

    /// <summary>workload.example.json: every setting with its default and description; optional and secret ones commented out.</summary>
    public static string ExampleJson()
    {
        var text = new StringBuilder("{\n  // microblog workload configuration. Copy to workload.json and change what you need.\n");
        text.Append("  // Every key is also an argument (--key=value) and an environment variable (WORKLOAD_KEY); see README.md.\n");
        text.Append(CultureInfoInvariant($"  // {SettingsSchema.FileName} lets an editor complete and check the keys.\n  \"$schema\": \"./{SettingsSchema.FileName}\",\n"));
        foreach (var group in SettingDefinition.All.GroupBy(d => d.Group))
        {
            text.Append("\n  // ---- ").Append(group.Key).Append(" ----\n");
            foreach (var setting in group)
            {
                text.Append("  // ").Append(setting.Description).Append('\n');
                if (setting.IsSecret)
                {
                    text.Append(CultureInfoInvariant($"  // \"{setting.Key}\": secret, only from the environment variable {setting.EnvironmentVariable}\n"));
                    continue;
                }

                var value = setting.Property.GetValue(new WorkloadSettings());
                var json = System.Text.Json.JsonSerializer.Serialize(value);
                text.Append(value is null ? "  // " : "  ").Append(CultureInfoInvariant($"\"{setting.Key}\": {json},\n"));
            }
        }

        return text.Append("}\n").ToString();
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
