using System.Text.Json;

namespace Workload.Configuration;

/// <summary>Where the raw values come from; the loader never reads process state directly, so tests can give their own.</summary>
/// <param name="WorkingDirectory">Relative paths (the config file, path settings) are resolved against it.</param>
/// <param name="Arguments">The <c>--key=value</c> arguments, as Cake parsed them.</param>
/// <param name="Environment">The environment variables.</param>
/// <param name="OnSecret">Told every secret value as soon as it is read, before anything could echo it in an error.</param>
public sealed record SettingsSources(
    string WorkingDirectory,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    Action<string>? OnSecret = null);

/// <summary>
/// Builds <see cref="WorkloadSettings"/> from defaults, the configuration file, the environment and the arguments
/// (each overriding the one before), and rejects bad input with every problem listed.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Arguments that belong to the host or the loader itself, not to a setting.</summary>
    private static readonly HashSet<string> ReservedArguments = new(StringComparer.OrdinalIgnoreCase) { "target", "config" };

    private const string ConfigVariable = WorkloadSettings.EnvironmentPrefix + "CONFIG";

    public static WorkloadSettings Load(SettingsSources sources)
    {
        var problems = new List<string>();
        var values = new Dictionary<SettingDefinition, object?>();
        var origins = SettingDefinition.All.ToDictionary(d => d.Key, _ => "default");

        var configFile = ReadConfigFile(sources, values, origins, problems);
        ReadEnvironment(sources, values, origins, problems);
        ReadArguments(sources, values, origins, problems);

        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }

        var settings = new WorkloadSettings();
        foreach (var (definition, value) in values)
        {
            definition.Property.SetValue(settings, value);
        }

        settings.Origins = origins;
        settings.ConfigFile = configFile;
        SettingsRules.Check(settings, problems);
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }

        return settings;
    }

    private static string? ReadConfigFile(
        SettingsSources sources,
        Dictionary<SettingDefinition, object?> values,
        Dictionary<string, string> origins,
        List<string> problems)
    {
        var named = sources.Arguments.TryGetValue("config", out var fromArgument) && fromArgument.Count > 0
            ? fromArgument[^1]
            : sources.Environment.GetValueOrDefault(ConfigVariable);
        var path = Path.GetFullPath(string.IsNullOrEmpty(named) ? WorkloadSettings.DefaultConfigFile : named, sources.WorkingDirectory);
        if (!File.Exists(path))
        {
            if (!string.IsNullOrEmpty(named))
            {
                problems.Add($"config: the configuration file '{path}' does not exist");
            }

            return null;
        }

        var name = Path.GetFileName(path);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException exception)
        {
            var line = (exception.LineNumber ?? 0) + 1;
            var column = (exception.BytePositionInLine ?? 0) + 1;
            problems.Add($"{name}: invalid JSON at line {line}, column {column}: {FirstSentence(exception.Message)}");
            return path;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{name}: expected a JSON object of settings at the top level, got {document.RootElement.ValueKind}");
                return path;
            }

            var baseDirectory = sources.WorkingDirectory;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('$'))
                {
                    continue;
                }

                var definition = FindOrReport(property.Name, $"{name}", problems);
                if (definition is null)
                {
                    continue;
                }

                if (definition.IsSecret)
                {
                    problems.Add($"{definition.Key}: is a secret and is read only from the environment variable {definition.EnvironmentVariable}; remove it from {name}");
                    continue;
                }

                var problem = SettingValueParser.TryFromJson(definition, property.Value, baseDirectory, out var value);
                if (problem is not null)
                {
                    problems.Add($"{problem} (in {name})");
                    continue;
                }

                values[definition] = value;
                origins[definition.Key] = name;
            }
        }

        return path;
    }

    private static void ReadEnvironment(
        SettingsSources sources,
        Dictionary<SettingDefinition, object?> values,
        Dictionary<string, string> origins,
        List<string> problems)
    {
        foreach (var (variable, text) in sources.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!variable.StartsWith(WorkloadSettings.EnvironmentPrefix, StringComparison.Ordinal) || variable == ConfigVariable)
            {
                continue;
            }

            var definition = SettingDefinition.All.FirstOrDefault(d => d.EnvironmentVariable == variable);
            if (definition is null)
            {
                var suggestion = SettingDefinition.Suggest(variable[WorkloadSettings.EnvironmentPrefix.Length..]);
                problems.Add($"environment variable {variable}: no setting has this name" +
                    (suggestion is null ? string.Empty : $"; did you mean {SettingDefinition.Find(suggestion)!.EnvironmentVariable}?"));
                continue;
            }

            if (definition.IsSecret && text.Length > 0)
            {
                sources.OnSecret?.Invoke(text);
            }

            var problem = SettingValueParser.TryFromText(definition, text, sources.WorkingDirectory, out var value);
            if (problem is not null)
            {
                problems.Add($"{problem} (from environment variable {variable})");
                continue;
            }

            values[definition] = value;
            origins[definition.Key] = $"environment variable {variable}";
        }
    }

    private static void ReadArguments(
        SettingsSources sources,
        Dictionary<SettingDefinition, object?> values,
        Dictionary<string, string> origins,
        List<string> problems)
    {
        foreach (var (key, texts) in sources.Arguments)
        {
            if (ReservedArguments.Contains(key))
            {
                continue;
            }

            var definition = FindOrReport(key, "the command line", problems, "--");
            if (definition is null)
            {
                continue;
            }

            if (definition.IsSecret)
            {
                problems.Add($"{definition.Key}: is a secret and is read only from the environment variable {definition.EnvironmentVariable}, never from the command line (it would end up in shell history and process lists)");
                continue;
            }

            // Lists may be given as one comma-separated value or as repeated arguments.
            var text = definition.ValueType == typeof(List<string>) ? string.Join(',', texts) : (texts.Count > 0 ? texts[^1] : string.Empty);
            var problem = SettingValueParser.TryFromText(definition, text, sources.WorkingDirectory, out var value);
            if (problem is not null)
            {
                problems.Add($"{problem} (from argument --{key})");
                continue;
            }

            values[definition] = value;
            origins[definition.Key] = $"argument --{key}";
        }
    }

    private static SettingDefinition? FindOrReport(string key, string where, List<string> problems, string prefix = "")
    {
        var definition = SettingDefinition.Find(key);
        if (definition is null)
        {
            var suggestion = SettingDefinition.Suggest(key);
            problems.Add($"{prefix}{key}: unknown setting (in {where})" +
                (suggestion is null ? "; ./build.sh --help lists the settings" : $"; did you mean {prefix}{suggestion}?"));
        }

        return definition;
    }

    private static string FirstSentence(string message)
    {
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var cut = message.IndexOf(marker, StringComparison.Ordinal);
            if (cut > 0)
            {
                message = message[..cut];
            }
        }

        return message.TrimEnd('.', ' ');
    }
}
