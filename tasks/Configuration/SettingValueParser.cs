using System.Globalization;
using System.Text.Json;

namespace Workload.Configuration;

/// <summary>Turns a raw value (a JSON element, or text from the environment or the command line) into a typed, checked one.</summary>
public static class SettingValueParser
{
    /// <summary>The shortest secret: shorter ones cannot be masked in logs without garbling ordinary text.</summary>
    public const int MinimumSecretLength = 4;

    /// <summary>Converts a JSON value; returns an error message naming what was expected, or null.</summary>
    public static string? TryFromJson(SettingDefinition setting, JsonElement element, string baseDirectory, out object? value)
    {
        value = null;
        var type = setting.ValueType;
        if (type == typeof(List<string>))
        {
            if (element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                return TryList(setting, element.EnumerateArray().Select(e => e.GetString()!).ToList(), out value);
            }

            // A list takes the same two forms in every source: a JSON array, or comma-separated text.
            if (element.ValueKind == JsonValueKind.String)
            {
                return TryFromText(setting, element.GetString()!, baseDirectory, out value);
            }

            return Expected(setting, Raw(setting, element));
        }

        if (type == typeof(Dictionary<string, string>))
        {
            if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
            {
                return TryMap(setting, element.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)).ToList(), out value);
            }

            if (element.ValueKind == JsonValueKind.String)
            {
                return TryFromText(setting, element.GetString()!, baseDirectory, out value);
            }

            return Expected(setting, Raw(setting, element));
        }

        if (type == typeof(bool))
        {
            if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                value = element.GetBoolean();
                return null;
            }

            return Expected(setting, Raw(setting, element));
        }

        if (type == typeof(int))
        {
            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
            {
                return CheckInt(setting, number, Raw(setting, element), out value);
            }

            return Expected(setting, Raw(setting, element));
        }

        if (element.ValueKind == JsonValueKind.Null && setting.Property.PropertyType != type)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Expected(setting, Raw(setting, element));
        }

        return TryFromText(setting, element.GetString()!, baseDirectory, out value);
    }

    /// <summary>Converts text from an environment variable or an argument; returns an error message, or null.</summary>
    public static string? TryFromText(SettingDefinition setting, string text, string baseDirectory, out object? value)
    {
        value = null;
        var type = setting.ValueType;
        var shown = Shown(setting, text);
        if ((type == typeof(List<string>) && text.TrimStart().StartsWith('[')) || (type == typeof(Dictionary<string, string>) && text.TrimStart().StartsWith('{')))
        {
            // The JSON form a configuration file takes is accepted from the environment and the command line too.
            try
            {
                using var document = JsonDocument.Parse(text);
                return TryFromJson(setting, document.RootElement, baseDirectory, out value);
            }
            catch (JsonException)
            {
                return Expected(setting, shown, "not valid JSON");
            }
        }

        if (type == typeof(List<string>))
        {
            return TryList(setting, text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(), out value);
        }

        if (type == typeof(Dictionary<string, string>))
        {
            var pairs = new List<(string, string)>();
            foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return Expected(setting, shown);
                }

                pairs.Add((pair[..equals].Trim(), pair[(equals + 1)..].Trim()));
            }

            return TryMap(setting, pairs, out value);
        }

        if (type == typeof(bool))
        {
            // A bare flag (--plan) arrives as empty text and means true.
            if (text.Length == 0)
            {
                value = true;
                return null;
            }

            if (bool.TryParse(text, out var flag))
            {
                value = flag;
                return null;
            }

            return Expected(setting, shown);
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                ? CheckInt(setting, number, shown, out value)
                : Expected(setting, shown);
        }

        if (type == typeof(Secret))
        {
            if (text.Length == 0)
            {
                return $"{setting.Key} is set but empty; expected {setting.Expectation()}";
            }

            var problem = text.Length < MinimumSecretLength
                ? $"is {text.Length} character{(text.Length == 1 ? string.Empty : "s")} long"
                : text.Length > SettingFormats.TextMaxLength
                    ? $"is {text.Length} characters long"
                    : SettingFormats.ControlCharacter(text) is { } control ? $"holds the control character {control}" : null;
            if (problem is not null)
            {
                return $"{setting.Key}: got *** ({problem}), expected {setting.Expectation()}";
            }

            value = new Secret(text);
            return null;
        }

        if (setting.Allowed is not null)
        {
            if (!setting.Allowed.Contains(text, StringComparer.Ordinal))
            {
                return Expected(setting, shown);
            }

            value = text;
            return null;
        }

        var reason = SettingFormats.Problem(setting.Format, text, baseDirectory);
        if (reason is not null)
        {
            return Expected(setting, shown, reason);
        }

        value = setting.Format is ValueFormat.Path or ValueFormat.ExistingFile or ValueFormat.ExistingDirectory or ValueFormat.MountPath or ValueFormat.MountableDirectory
            ? SettingFormats.FullPath(text, baseDirectory)
            : text;
        return null;
    }

    private static string? TryList(SettingDefinition setting, List<string> items, out object? value)
    {
        value = null;
        if (items.Count > SettingFormats.ListMaxItems)
        {
            return $"{setting.Key}: got a list of {items.Count} items, expected {setting.Expectation()}";
        }

        for (var index = 0; index < items.Count; index++)
        {
            if (SettingFormats.Problem(setting.Format, items[index], string.Empty) is { } reason)
            {
                return $"{setting.Key}: got {SettingFormats.Shown(items[index])} (item {index + 1} of the list{(reason.Length > 0 ? "; it " + reason : string.Empty)}), expected {setting.Expectation()}";
            }
        }

        value = items;
        return null;
    }

    private static string? TryMap(SettingDefinition setting, List<(string Key, string Value)> pairs, out object? value)
    {
        value = null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, text) in pairs)
        {
            foreach (var part in new[] { key, text })
            {
                if (SettingFormats.Problem(ValueFormat.Text, part, string.Empty) is { } reason)
                {
                    return $"{setting.Key}: got {SettingFormats.Shown(part)} ({(reason.Length > 0 ? reason : "not text")}), expected {setting.Expectation()}";
                }
            }

            if (!map.TryAdd(key, text))
            {
                return $"{setting.Key}: the name {SettingFormats.Shown(key)} is given twice; expected each name once";
            }
        }

        if (map.Count > SettingFormats.ListMaxItems)
        {
            return $"{setting.Key}: got {map.Count} names, expected {setting.Expectation()}";
        }

        value = map;
        return null;
    }

    private static string? CheckInt(SettingDefinition setting, int number, string shown, out object? value)
    {
        value = null;
        var (minimum, maximum) = setting.Format == ValueFormat.Port
            ? (1, 65535)
            : (setting.Range?.Minimum ?? int.MinValue, setting.Range?.Maximum ?? int.MaxValue);
        if (number < minimum || number > maximum)
        {
            return Expected(setting, shown);
        }

        value = number;
        return null;
    }

    /// <summary>A JSON value as an error shows it: as written, on one line, cut when long.</summary>
    private static string Raw(SettingDefinition setting, JsonElement element)
    {
        if (setting.IsSecret)
        {
            return "***";
        }

        var raw = string.Join(' ', element.GetRawText().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return raw.Length > 80 ? raw[..80] + $"… ({raw.Length} characters)" : raw;
    }

    private static string Shown(SettingDefinition setting, string text) => setting.IsSecret ? "***" : SettingFormats.Shown(text);

    private static string Expected(SettingDefinition setting, string shown, string reason = "") =>
        $"{setting.Key}: got {shown}{(reason.Length > 0 ? $" ({reason})" : string.Empty)}, expected {setting.Expectation()}";
}
