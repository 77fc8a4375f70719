using System.Reflection;
using System.Text;

namespace Workload.Configuration;

/// <summary>One setting as the loader, the help and the README see it.</summary>
public sealed class SettingDefinition
{
    private SettingDefinition(PropertyInfo property, SettingAttribute setting)
    {
        Property = property;
        Key = char.ToLowerInvariant(property.Name[0]) + property.Name[1..];
        EnvironmentVariable = WorkloadSettings.EnvironmentPrefix + ToUpperSnake(property.Name);
        Group = setting.Group;
        Description = setting.Description;
        IsSecret = property.GetCustomAttribute<SecretAttribute>() is not null;
        Format = property.GetCustomAttribute<FormatAttribute>()?.Format ?? ValueFormat.Text;
        Allowed = property.GetCustomAttribute<OneOfAttribute>()?.Values;
        Range = property.GetCustomAttribute<RangeAttribute>();
    }

    public PropertyInfo Property { get; }

    /// <summary>The key in workload.json and on the command line (camelCase).</summary>
    public string Key { get; }

    public string EnvironmentVariable { get; }

    public string Group { get; }

    public string Description { get; }

    public bool IsSecret { get; }

    public ValueFormat Format { get; }

    public IReadOnlyList<string>? Allowed { get; }

    public RangeAttribute? Range { get; }

    public Type ValueType => Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType;

    /// <summary>Every setting, in declaration order.</summary>
    public static IReadOnlyList<SettingDefinition> All { get; } = typeof(WorkloadSettings)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Select(p => (Property: p, Attribute: p.GetCustomAttribute<SettingAttribute>()))
        .Where(p => p.Attribute is not null)
        .OrderBy(p => p.Property.MetadataToken)
        .Select(p => new SettingDefinition(p.Property, p.Attribute!))
        .ToList();

    /// <summary>The setting with this key (case-insensitive), or null.</summary>
    public static SettingDefinition? Find(string key) =>
        All.FirstOrDefault(d => d.Key.Equals(key, StringComparison.OrdinalIgnoreCase))
        ?? All.FirstOrDefault(d => Normalize(d.Key) == Normalize(key));

    /// <summary>The closest known key to a misspelt one, for "did you mean".</summary>
    public static string? Suggest(string key)
    {
        var best = All
            .Select(d => (d.Key, Distance: Levenshtein(Normalize(d.Key), Normalize(key))))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Key is not null && best.Distance <= Math.Max(2, key.Length / 4) ? best.Key : null;
    }

    /// <summary>What a valid value looks like, in words.</summary>
    public string Expectation()
    {
        if (Allowed is not null)
        {
            return "one of: " + string.Join(", ", Allowed);
        }

        if (ValueType == typeof(bool))
        {
            return "true or false";
        }

        if (ValueType == typeof(int))
        {
            return Format == ValueFormat.Port
                ? "a TCP port from 1 to 65535"
                : Range is null ? "an integer" : $"an integer from {Range.Minimum} to {Range.Maximum}";
        }

        if (ValueType == typeof(List<string>))
        {
            return $"a list (a JSON array, or one text of comma-separated items, in every source) of at most {SettingFormats.ListMaxItems} items" +
                (Format == ValueFormat.Text ? " of text" : ", each " + SettingFormats.Rules[Format].Expectation);
        }

        if (ValueType == typeof(Dictionary<string, string>))
        {
            return $"a map of at most {SettingFormats.ListMaxItems} names to text (a JSON object, or one text of name=value pairs separated by commas, in every source)";
        }

        if (ValueType == typeof(Secret))
        {
            return $"a secret of {SettingValueParser.MinimumSecretLength} to {SettingFormats.TextMaxLength} characters without control characters";
        }

        return Format == ValueFormat.Text
            ? $"text of at most {SettingFormats.TextMaxLength} characters without control characters"
            : SettingFormats.Rules[Format].Expectation;
    }

    private static string Normalize(string key) => key.Replace("-", string.Empty, StringComparison.Ordinal)
        .Replace("_", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    private static string ToUpperSnake(string name)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
