using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workload.Configuration;

/// <summary>
/// The JSON Schema of workload.json, generated from the setting definitions as the README tables and the example
/// are (a test keeps workload.schema.json in sync): editors complete the keys and check types, enums, ranges and
/// the formats that have a regular expression. The tool's own checks stay the authority; the schema never accepts
/// a value of the wrong type or an unknown key.
/// </summary>
public static class SettingsSchema
{
    /// <summary>The schema's file name, next to workload.example.json; the example names it in "$schema".</summary>
    public const string FileName = "workload.schema.json";

    private static readonly JsonSerializerOptions Written = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The schema as the repository holds it, ending with a newline.</summary>
    public static string Json()
    {
        var properties = new JsonObject
        {
            ["$schema"] = new JsonObject { ["type"] = "string", ["description"] = "The JSON Schema this file follows (ignored by the tool)." },
        };
        foreach (var setting in SettingDefinition.All.Where(s => !s.IsSecret))
        {
            properties[setting.Key] = Property(setting);
        }

        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "workload.json",
            ["description"] = "Settings of the microblog workload (./build.sh). Secrets are read only from the environment and are not allowed here. Generated from tasks/Configuration; README.md documents each setting.",
            ["type"] = "object",
            ["properties"] = properties,
            ["additionalProperties"] = false,
        };
        return schema.ToJsonString(Written).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject Property(SettingDefinition setting)
    {
        var property = new JsonObject { ["description"] = $"{setting.Description.TrimEnd('.')}. Expected: {setting.Expectation()}. Environment variable: {setting.EnvironmentVariable}." };
        var constraints = Value(setting);
        foreach (var (name, value) in constraints.ToList())
        {
            constraints.Remove(name);
            property[name] = value;
        }

        var fallback = setting.Property.GetValue(new WorkloadSettings());
        if (fallback is not null)
        {
            property["default"] = JsonSerializer.SerializeToNode(fallback, fallback.GetType());
        }

        return property;
    }

    private static JsonObject Value(SettingDefinition setting)
    {
        var type = setting.ValueType;
        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }

        if (type == typeof(int))
        {
            var (minimum, maximum) = setting.Format == ValueFormat.Port ? (1, 65535) : (setting.Range?.Minimum, setting.Range?.Maximum);
            var integer = new JsonObject { ["type"] = "integer" };
            if (minimum is not null)
            {
                integer["minimum"] = minimum;
                integer["maximum"] = maximum;
            }

            return integer;
        }

        if (type == typeof(List<string>))
        {
            // The same two forms every source takes: a JSON array, or one comma-separated string.
            return new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    new JsonObject { ["type"] = "array", ["items"] = Text(setting), ["maxItems"] = SettingFormats.ListMaxItems },
                    new JsonObject { ["type"] = "string", ["description"] = "The items separated by commas.", ["maxLength"] = SettingFormats.TextMaxLength }),
            };
        }

        if (type == typeof(Dictionary<string, string>))
        {
            return new JsonObject
            {
                ["oneOf"] = new JsonArray(
                    new JsonObject
                    {
                        ["type"] = "object",
                        ["additionalProperties"] = new JsonObject { ["type"] = "string", ["maxLength"] = SettingFormats.TextMaxLength },
                        ["maxProperties"] = SettingFormats.ListMaxItems,
                    },
                    new JsonObject { ["type"] = "string", ["description"] = "name=value pairs separated by commas.", ["maxLength"] = SettingFormats.TextMaxLength }),
            };
        }

        return Text(setting);
    }

    private static JsonObject Text(SettingDefinition setting)
    {
        if (setting.Allowed is not null)
        {
            return new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(setting.Allowed.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()) };
        }

        var text = new JsonObject { ["type"] = "string", ["maxLength"] = SettingFormats.Rules[setting.Format].MaxLength };
        if (SettingFormats.Patterns.TryGetValue(setting.Format, out var pattern))
        {
            // .NET's \z is ECMA-262's $ outside multiline mode: the schema's patterns are ECMA-262.
            text["pattern"] = pattern.ToString().Replace(@"\z", "$", StringComparison.Ordinal);
        }

        return text;
    }
}
