using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workload.Observability;

/// <summary>
/// The data source references of a dashboard that Grafana cannot resolve. Grafana serves such a dashboard with
/// 200 and only its panels fail in the browser, so the verify step looks for them itself: an import input left
/// unbound (<c>${DS_PROMETHEUS}</c>), or a data source uid or name Grafana does not have. Template variables the
/// dashboard defines (<c>$datasource</c>, <c>${ds}</c>) and Grafana's built-in data sources are fine.
/// </summary>
public static partial class DashboardReferences
{
    private static readonly HashSet<string> BuiltIn = new(StringComparer.Ordinal) { "grafana", "-- Grafana --", "-- Mixed --", "-- Dashboard --", "default" };

    /// <summary>Each unresolved reference in words, sorted; empty when all resolve.</summary>
    public static IReadOnlyList<string> Unresolved(JsonNode dashboard, IReadOnlyCollection<string> dataSourceUids, IReadOnlyCollection<string> dataSourceNames)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        ArgumentNullException.ThrowIfNull(dataSourceUids);
        ArgumentNullException.ThrowIfNull(dataSourceNames);
        var variables = (dashboard["templating"]?["list"]?.AsArray() ?? [])
            .Select(v => v?["name"]?.GetValue<string>())
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var problems = new SortedSet<string>(StringComparer.Ordinal);

        void Check(string? reference)
        {
            if (string.IsNullOrEmpty(reference) || BuiltIn.Contains(reference))
            {
                return;
            }

            var variable = VariablePattern().Match(reference);
            if (variable.Success)
            {
                var name = variable.Groups[1].Success ? variable.Groups[1].Value : variable.Groups[2].Success ? variable.Groups[2].Value : variable.Groups[3].Value;
                if (!variables.Contains(name))
                {
                    problems.Add($"unresolved variable {reference}");
                }
            }
            else if (!dataSourceUids.Contains(reference) && !dataSourceNames.Contains(reference))
            {
                problems.Add($"data source '{reference}' not found");
            }
        }

        void Walk(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject item:
                    foreach (var (key, value) in item)
                    {
                        if (key == "__inputs")
                        {
                            continue;
                        }

                        if (key == "datasource")
                        {
                            Check(value is JsonObject reference ? reference["uid"]?.GetValue<string>() : value is JsonValue text && text.TryGetValue<string>(out var name) ? name : null);
                        }

                        Walk(value);
                    }

                    break;
                case JsonArray items:
                    foreach (var value in items)
                    {
                        Walk(value);
                    }

                    break;
                case JsonValue value when value.TryGetValue<string>(out var text) && UnboundInputPattern().Match(text) is { Success: true } input && !variables.Contains(input.Groups[1].Value):
                    problems.Add($"unbound input ${{{input.Groups[1].Value}}}");
                    break;
            }
        }

        Walk(dashboard);
        return problems.ToList();
    }

    /// <summary>A template variable reference: ${name}, ${name:format}, $name or [[name]].</summary>
    [GeneratedRegex(@"^(?:\$\{([^}:]+)(?::[^}]*)?\}|\$([A-Za-z0-9_]+)|\[\[([^\]]+)\]\])$")]
    private static partial Regex VariablePattern();

    /// <summary>An import input that was never bound, anywhere in a string (a query, a title).</summary>
    [GeneratedRegex(@"\$\{(DS_[A-Za-z0-9_]+)\}")]
    private static partial Regex UnboundInputPattern();
}
