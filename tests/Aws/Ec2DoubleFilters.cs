using System.Text.RegularExpressions;
using Amazon.EC2.Model;

namespace Workload.Tests.Aws;

/// <summary>EC2's filter semantics: every filter must match; within a filter, any value; '*' is a wildcard.</summary>
internal static class Filters
{
    public static bool Match(List<Filter>? filters, Func<string, IEnumerable<string?>> valuesOf) =>
        filters is null || filters.All(f => valuesOf(f.Name).Any(actual => actual is not null && f.Values.Any(wanted => Like(actual, wanted))));

    /// <summary>The values of a tag filter ("tag:Key") or null when the filter is not one.</summary>
    public static IEnumerable<string?>? Tag(string name, List<Tag>? tags) =>
        name.StartsWith("tag:", StringComparison.Ordinal)
            ? (tags ?? []).Where(t => t.Key == name[4..]).Select(t => t.Value)
            : null;

    /// <summary>Refuses a filter the double does not implement, even when there is nothing to match it against.</summary>
    public static void Check(string call, List<Filter>? filters, params string[] known)
    {
        var unknown = filters?.Select(f => f.Name).FirstOrDefault(n => !n.StartsWith("tag:", StringComparison.Ordinal) && !known.Contains(n));
        if (unknown is not null)
        {
            Unsupported(call, unknown);
        }
    }

    public static IEnumerable<string?> Unsupported(string call, string filter) =>
        throw new NotSupportedException($"Ec2Double.{call} does not understand the filter '{filter}'.");

    private static bool Like(string actual, string wanted) =>
        wanted.Contains('*', StringComparison.Ordinal)
            ? Regex.IsMatch(actual, "^" + Regex.Escape(wanted).Replace("\\*", ".*", StringComparison.Ordinal) + "$")
            : actual == wanted;
}
