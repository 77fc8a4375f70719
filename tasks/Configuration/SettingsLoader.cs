using System.Text;
using System.Text.Json;

namespace Workload.Configuration;

/// <summary>Where the raw values come from; the loader never reads process state directly, so tests can give their own.</summary>
/// <param name="WorkingDirectory">Relative paths (the config file, path settings) are resolved against it.</param>
/// <param name="Arguments">The <c>--key=value</c> arguments, as Cake parsed them (a bare <c>--key</c> is an empty value).</param>
/// <param name="Environment">The environment variables.</param>
/// <param name="OnSecret">Told every secret value as soon as it is read, before anything could echo it in an error.</param>
public sealed record SettingsSources(
    string WorkingDirectory,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    Action<string>? OnSecret = null);

/// <summary>What reading the configuration found: the settings, and every problem with them.</summary>
/// <param name="Settings">The settings; a value that was refused keeps its default, so later checks can still run.</param>
/// <param name="Problems">Problems with the values given, whatever the run does.</param>
/// <param name="HostProblems">Settings a run that reaches hosts needs and lacks (addresses for provider=existing, adminCidr for aws).</param>
/// <param name="Refused">The keys whose value was refused.</param>
public sealed record SettingsRead(
    WorkloadSettings Settings,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> HostProblems,
    IReadOnlySet<string> Refused);

/// <summary>
/// Builds <see cref="WorkloadSettings"/> from defaults, the configuration file, the environment and the arguments
/// (each overriding the one before), and rejects bad input with every problem listed.
/// </summary>
public static class SettingsLoader
{
    /// <summary>The largest configuration file read: a settings file is a few kilobytes; /dev/zero never ends.</summary>
    public const long MaxConfigFileBytes = 1024 * 1024;

    /// <summary>Arguments that belong to the host or the loader itself, not to a setting.</summary>
    private static readonly HashSet<string> ReservedArguments = new(StringComparer.OrdinalIgnoreCase) { "target", "config" };

    private const string ConfigVariable = WorkloadSettings.EnvironmentPrefix + "CONFIG";

    /// <summary>The settings, or a <see cref="ConfigurationException"/> listing every problem (host requirements included).</summary>
    public static WorkloadSettings Load(SettingsSources sources)
    {
        var read = Read(sources);
        var problems = read.Problems.Concat(read.HostProblems).ToList();
        return problems.Count > 0 ? throw new ConfigurationException(problems) : read.Settings;
    }

    /// <summary>Reads every source and checks every rule; never throws for bad input.</summary>
    public static SettingsRead Read(SettingsSources sources)
    {
        var problems = new List<string>();
        var values = new Dictionary<SettingDefinition, object?>();
        var origins = SettingDefinition.All.ToDictionary(d => d.Key, _ => "default");
        var refused = new HashSet<string>(StringComparer.Ordinal);

        var configFile = ReadConfigFile(sources, values, origins, problems, refused);
        ReadEnvironment(sources, values, origins, problems, refused);
        ReadArguments(sources, values, origins, problems, refused);

        var settings = new WorkloadSettings();
        foreach (var (definition, value) in values)
        {
            definition.Property.SetValue(settings, value);
        }

        settings.Origins = origins;
        settings.ConfigFile = configFile;
        SettingsRules.Check(settings, problems, refused);
        var hostProblems = new List<string>();
        SettingsRules.CheckHosts(settings, hostProblems, refused);
        return new SettingsRead(settings, problems, hostProblems, refused);
    }

    private static string? ReadConfigFile(
        SettingsSources sources,
        Dictionary<SettingDefinition, object?> values,
        Dictionary<string, string> origins,
        List<string> problems,
        HashSet<string> refused)
    {
        string? named;
        string origin;
        if (sources.Arguments.TryGetValue("config", out var fromArgument) && fromArgument.Count > 0)
        {
            if (fromArgument.Any(v => v.Length == 0))
            {
                problems.Add("--config: given without a value; expected the path of a configuration file, such as --config=workload.testbed.json");
                return null;
            }

            if (fromArgument.Distinct(StringComparer.Ordinal).Count() > 1)
            {
                problems.Add($"--config: given {fromArgument.Count} times with different values ({string.Join(", ", fromArgument.Select(SettingFormats.Shown))}); expected one configuration file");
                return null;
            }

            named = fromArgument[0];
            origin = "--config";
        }
        else
        {
            named = sources.Environment.GetValueOrDefault(ConfigVariable);
            origin = named is null ? WorkloadSettings.DefaultConfigFile : ConfigVariable;
            if (named is { Length: 0 })
            {
                problems.Add($"{ConfigVariable}: set but empty; expected the path of a configuration file, or leave it unset");
                return null;
            }
        }

        if (named is not null && SettingFormats.ControlCharacter(named) is { } control)
        {
            problems.Add($"{origin}: got {SettingFormats.Shown(named)} (holds the control character {control}), expected the path of a configuration file");
            return null;
        }

        var path = Path.GetFullPath(named ?? WorkloadSettings.DefaultConfigFile, sources.WorkingDirectory);
        var kind = LocalFile.Inspect(path).Kind;
        if (kind == LocalFileKind.Missing && named is null)
        {
            return null;
        }

        var name = named is null ? Path.GetFileName(path) : named;
        if (LocalFile.ReadableFileProblem(path, MaxConfigFileBytes) is { } unreadable)
        {
            problems.Add($"{origin}: the configuration file '{path}' {unreadable}");
            return null;
        }

        var bytes = File.ReadAllBytes(path);

        // A UTF-8 byte-order mark, as some Windows editors write, is not part of the JSON.
        var json = bytes.AsMemory();
        if (json.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        var options = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, options);
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

            var lines = TopLevelKeyLines(json.Span, options);
            var seen = new Dictionary<SettingDefinition, (string Name, int Line)>();
            var index = 0;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                var line = index < lines.Count ? lines[index] : 0;
                index++;
                if (property.Name.StartsWith('$'))
                {
                    continue;
                }

                var definition = FindOrReport(property.Name, $"{name}, line {line}", problems);
                if (definition is null)
                {
                    continue;
                }

                if (seen.TryGetValue(definition, out var first))
                {
                    problems.Add($"{definition.Key}: given twice in {name}, as {SettingFormats.Shown(first.Name)} on line {first.Line} and as {SettingFormats.Shown(property.Name)} on line {line}; expected each key once");
                    refused.Add(definition.Key);
                    continue;
                }

                seen[definition] = (property.Name, line);
                if (definition.IsSecret)
                {
                    problems.Add($"{definition.Key}: is a secret and is read only from the environment variable {definition.EnvironmentVariable}; remove it from {name}");
                    continue;
                }

                var problem = SettingValueParser.TryFromJson(definition, property.Value, sources.WorkingDirectory, out var value);
                if (problem is not null)
                {
                    problems.Add($"{problem} (in {name}, line {line})");
                    refused.Add(definition.Key);
                    continue;
                }

                values[definition] = value;
                origins[definition.Key] = name;
            }
        }

        return path;
    }

    /// <summary>The line of each top-level key, in document order (JsonDocument keeps no positions).</summary>
    private static List<int> TopLevelKeyLines(ReadOnlySpan<byte> json, JsonDocumentOptions options)
    {
        var lines = new List<int>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = options.CommentHandling, AllowTrailingCommas = options.AllowTrailingCommas });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                lines.Add(json[..(int)reader.TokenStartIndex].Count((byte)'\n') + 1);
            }
        }

        return lines;
    }

    private static void ReadEnvironment(
        SettingsSources sources,
        Dictionary<SettingDefinition, object?> values,
        Dictionary<string, string> origins,
        List<string> problems,
        HashSet<string> refused)
    {
        foreach (var (variable, text) in sources.Environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!variable.StartsWith(WorkloadSettings.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || variable == ConfigVariable)
            {
                continue;
            }

            var definition = SettingDefinition.All.FirstOrDefault(d => d.EnvironmentVariable == variable);
            if (definition is null)
            {
                // A variable in the wrong case is refused by name, never dropped: the environment is case-sensitive.
                var sameLetters = SettingDefinition.All.FirstOrDefault(d => d.EnvironmentVariable.Equals(variable, StringComparison.OrdinalIgnoreCase));
                var suggestion = sameLetters ?? SettingDefinition.Find(SettingDefinition.Suggest(variable[WorkloadSettings.EnvironmentPrefix.Length..]) ?? string.Empty);
                problems.Add($"environment variable {SettingFormats.Shown(variable).Trim('"')}: no setting has this name" +
                    (suggestion is null ? string.Empty : $"; did you mean {suggestion.EnvironmentVariable}?"));
                continue;
            }

            if (definition.IsSecret && text.Length >= SettingValueParser.MinimumSecretLength)
            {
                sources.OnSecret?.Invoke(text);
            }

            var problem = SettingValueParser.TryFromText(definition, text, sources.WorkingDirectory, out var value);
            if (problem is not null)
            {
                problems.Add($"{problem} (from environment variable {variable})");
                refused.Add(definition.Key);
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
        List<string> problems,
        HashSet<string> refused)
    {
        var given = new Dictionary<SettingDefinition, string>();
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

            if (given.TryGetValue(definition, out var other))
            {
                problems.Add($"--{definition.Key}: given twice, as --{other} and --{key}; expected it once");
                refused.Add(definition.Key);
                continue;
            }

            given[definition] = key;
            if (definition.IsSecret)
            {
                problems.Add($"{definition.Key}: is a secret and is read only from the environment variable {definition.EnvironmentVariable}, never from the command line (it would end up in shell history and process lists)");
                continue;
            }

            if (ArgumentText(definition, key, texts, out var text) is { } problem)
            {
                problems.Add(problem);
                refused.Add(definition.Key);
                continue;
            }

            problem = SettingValueParser.TryFromText(definition, text, sources.WorkingDirectory, out var value);
            if (problem is not null)
            {
                problems.Add($"{problem} (from argument --{key})");
                refused.Add(definition.Key);
                continue;
            }

            values[definition] = value;
            origins[definition.Key] = $"argument --{key}";
        }
    }

    /// <summary>
    /// The one value of an argument: a list may be repeated (its values join), a flag may be bare (true); any other
    /// setting given without a value, or twice with different values, is refused by name.
    /// </summary>
    private static string? ArgumentText(SettingDefinition definition, string key, IReadOnlyList<string> texts, out string text)
    {
        text = string.Empty;
        if (definition.ValueType == typeof(List<string>))
        {
            text = string.Join(',', texts);
            return null;
        }

        var isFlag = definition.ValueType == typeof(bool);
        if (!isFlag && texts.Any(t => t.Length == 0))
        {
            return $"--{key}: given without a value; expected {definition.Expectation()}";
        }

        // "--plan" and "--plan=true" say the same; "--plan --plan=false" contradicts itself.
        var distinct = texts.Select(t => isFlag && t.Length == 0 ? "true" : isFlag ? t.ToLowerInvariant() : t).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            return $"--{key}: given {texts.Count} times with different values ({string.Join(", ", texts.Select(t => t.Length == 0 ? "bare" : SettingFormats.Shown(t)))}); expected one value";
        }

        text = texts.Count > 0 ? texts[0] : string.Empty;
        return null;
    }

    private static SettingDefinition? FindOrReport(string key, string where, List<string> problems, string prefix = "")
    {
        var definition = SettingDefinition.Find(key);
        if (definition is null)
        {
            var suggestion = SettingDefinition.Suggest(key);
            problems.Add($"{prefix}{SettingFormats.Shown(key).Trim('"')}: unknown setting (in {where})" +
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
