using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Workload.Configuration;
using Workload.Context;
using Workload.Preflight;

namespace Workload.Observability;

/// <summary>
/// A local Grafana dashboard (grafanaDashboardFile), read before it is needed: JSON, a dashboard, bound to our data
/// source, with its pinned digest. Asked when the run uploads it (<see cref="IUploadsDashboardFile"/>); a dry run does not read it.
/// </summary>
public sealed partial class DashboardFileCheck : IPreflightCheck
{
    /// <summary>The largest dashboard file read: Node Exporter Full is about 500 KiB.</summary>
    public const long MaxDashboardBytes = 16 * 1024 * 1024;

    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(scope);
        var settings = context.Settings;
        IReadOnlyList<string> problems =
            !scope.DryRun && scope.Runs<IUploadsDashboardFile>() && settings.GrafanaDashboardFile is { } dashboard && !context.SettingsRead.Refused.Contains("grafanaDashboardFile")
                ? [.. DashboardProblems(dashboard, settings.GrafanaDashboardSha256)]
                : [];
        return Task.FromResult(problems);
    }

    private static IEnumerable<string> DashboardProblems(string path, string? pinned)
    {
        if (LocalFile.ReadableFileProblem(path, MaxDashboardBytes) is { } unreadable)
        {
            yield return $"grafanaDashboardFile: {path} {unreadable}";
            yield break;
        }

        var bytes = File.ReadAllBytes(path);
        var digest = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (pinned is not null && !string.Equals(pinned, digest, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"grafanaDashboardFile: {path} has SHA-256 {digest}, not the pinned grafanaDashboardSha256 {pinned.ToLowerInvariant()}";
        }

        string? problem;
        try
        {
            problem = JsonNode.Parse(bytes) is JsonObject dashboard ? DashboardShape(dashboard) : "is JSON, but not an object";
        }
        catch (JsonException exception)
        {
            problem = $"is not valid JSON ({exception.Message.Split(" Path:")[0].TrimEnd('.')})";
        }

        if (problem is not null)
        {
            yield return $"grafanaDashboardFile: {path} {problem}; expected a Grafana dashboard's JSON (an object with a uid, a title and panels, as grafana.com's download gives it)";
        }
    }

    /// <summary>Null for a dashboard the tool can provision; otherwise what is wrong with it.</summary>
    private static string? DashboardShape(JsonObject dashboard)
    {
        if (dashboard["uid"] is not JsonValue uidValue || !uidValue.TryGetValue<string>(out var uid) || !UidPattern().IsMatch(uid))
        {
            return "has no uid of 1 to 40 letters, digits, '-' or '_' (Grafana's uid, and the name of its file on the host)";
        }

        if (dashboard["title"] is not JsonValue titleValue || !titleValue.TryGetValue<string>(out _))
        {
            return "has no title";
        }

        if (dashboard["panels"] is not JsonArray && dashboard["rows"] is not JsonArray)
        {
            return "has no panels";
        }

        try
        {
            DashboardSource.Bind(dashboard.DeepClone().AsObject());
        }
        catch (InvalidOperationException exception)
        {
            return exception.Message.TrimEnd('.').Replace("The dashboard", "cannot be bound to the data source: it", StringComparison.Ordinal);
        }

        return null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,40}\z")]
    private static partial Regex UidPattern();
}
