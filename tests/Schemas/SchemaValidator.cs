using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Workload.Tests.Schemas;

/// <summary>Checks JSON documents against a JSON Schema of the repository with a real validator (JsonSchema.Net).</summary>
public static class SchemaValidator
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The errors of <paramref name="json"/> against <paramref name="schemaText"/>, as "location: message" lines; empty when valid.</summary>
    public static IReadOnlyList<string> Errors(string schemaText, string json)
    {
        // Each schema is built into a registry of its own, so that building the same schema twice never clashes.
        var schema = JsonSchema.FromText(schemaText, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var document = JsonDocument.Parse(json, Lenient);
        var results = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        return (results.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"))
            .DefaultIfEmpty("invalid")
            .ToList();
    }

    /// <summary>The same document with one top-level key set to another value.</summary>
    public static string WithKey(string json, string key, JsonNode? value)
    {
        var node = JsonNode.Parse(json, documentOptions: Lenient)!.AsObject();
        node[key] = value;
        return node.ToJsonString();
    }
}
