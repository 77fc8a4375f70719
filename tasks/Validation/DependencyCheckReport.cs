using System.Globalization;
using System.Text.Json;

namespace Workload.Validation;

/// <summary>One vulnerability of one dependency.</summary>
/// <param name="Package">The dependency's package URL when Dependency-Check found one, else its file.</param>
/// <param name="Name">The vulnerability: a CVE, or an advisory's ID.</param>
/// <param name="Cvss">The highest of the CVSS v4, v3 and v2 base scores the report gives; for a vulnerability
/// with only a severity word, the lowest CVSS v3 score of that severity. Null when the report has neither.</param>
/// <param name="CvssVersion">Which score <paramref name="Cvss"/> is: <c>v4</c>, <c>v3</c>, <c>v2</c> or <c>severity</c>.</param>
/// <param name="Severity">The severity word the report gives (HIGH, MEDIUM, ...).</param>
public sealed record Vulnerability(string Package, string Name, double? Cvss, string CvssVersion, string Severity);

/// <summary>The vulnerable dependencies of an OWASP Dependency-Check JSON report (<c>reportSchema</c> 1.1).</summary>
public sealed class DependencyCheckReport
{
    private DependencyCheckReport(string? engineVersion, int dependencies, IReadOnlyList<Vulnerability> vulnerabilities)
    {
        EngineVersion = engineVersion;
        Dependencies = dependencies;
        Vulnerabilities = vulnerabilities;
    }

    /// <summary>The Dependency-Check version that wrote the report.</summary>
    public string? EngineVersion { get; }

    /// <summary>How many dependencies were found, vulnerable or not.</summary>
    public int Dependencies { get; }

    /// <summary>Every vulnerability, highest CVSS first; suppressed ones are not listed.</summary>
    public IReadOnlyList<Vulnerability> Vulnerabilities { get; }

    /// <summary>The highest score of any vulnerability, or null when there is none with a score.</summary>
    public double? HighestCvss => Vulnerabilities.Max(v => v.Cvss);

    /// <summary>The vulnerabilities whose score is <paramref name="threshold"/> or higher (none when it is above 10).</summary>
    public IReadOnlyList<Vulnerability> AtOrAbove(double threshold) =>
        Vulnerabilities.Where(v => v.Cvss is { } score && score >= threshold).ToList();

    /// <summary>Reads the report at <paramref name="path"/>.</summary>
    public static DependencyCheckReport Load(string path)
    {
        using var stream = File.OpenRead(path);
        try
        {
            return Parse(stream);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path} is not a Dependency-Check JSON report: {exception.Message}", exception);
        }
    }

    /// <summary>Reads a report from JSON.</summary>
    /// <exception cref="InvalidDataException">The JSON is not a Dependency-Check report.</exception>
    public static DependencyCheckReport Parse(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("dependencies", out var dependencies)
            || dependencies.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException("not a Dependency-Check JSON report: it has no \"dependencies\" array");
        }

        var engine = root.TryGetProperty("scanInfo", out var scanInfo) ? Text(scanInfo, "engineVersion") : null;
        var found = new List<Vulnerability>();
        foreach (var dependency in dependencies.EnumerateArray())
        {
            if (!dependency.TryGetProperty("vulnerabilities", out var vulnerabilities) || vulnerabilities.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var package = PackageOf(dependency);
            found.AddRange(vulnerabilities.EnumerateArray().Select(v => Read(package, v)));
        }

        var ordered = found
            .OrderByDescending(v => v.Cvss ?? -1)
            .ThenBy(v => v.Package, StringComparer.Ordinal)
            .ThenBy(v => v.Name, StringComparer.Ordinal)
            .ToList();
        return new DependencyCheckReport(engine, dependencies.GetArrayLength(), ordered);
    }

    private static Vulnerability Read(string package, JsonElement vulnerability)
    {
        var name = Text(vulnerability, "name") ?? "(unnamed)";
        var severity = Text(vulnerability, "severity") ?? Text(vulnerability, "unscoredSeverity") ?? string.Empty;

        // Dependency-Check fails a build when any version's score reaches the limit; the highest one is what counts.
        var scores = new[]
        {
            (Version: "v4", Score: Score(vulnerability, "cvssv4")),
            (Version: "v3", Score: Score(vulnerability, "cvssv3")),
            (Version: "v2", Score: Score(vulnerability, "cvssv2")),
        }.Where(s => s.Score is not null).ToList();
        if (scores.Count > 0)
        {
            var best = scores.MaxBy(s => s.Score)!;
            return new Vulnerability(package, name, best.Score, best.Version, severity);
        }

        return new Vulnerability(package, name, SeverityFloor(severity), "severity", severity);
    }

    /// <summary>The base score of one CVSS block, wherever this report version keeps it.</summary>
    private static double? Score(JsonElement vulnerability, string block)
    {
        if (!vulnerability.TryGetProperty(block, out var cvss) || cvss.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var holder in new[] { cvss, cvss.TryGetProperty("cvssData", out var data) ? data : default })
        {
            if (holder.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var property in new[] { "baseScore", "score" })
            {
                if (holder.TryGetProperty(property, out var value) && Number(value) is { } number)
                {
                    return number;
                }
            }
        }

        return null;
    }

    private static double? Number(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    /// <summary>The lowest CVSS v3 score of a severity word, for advisories that give no score.</summary>
    private static double? SeverityFloor(string severity) => severity.ToUpperInvariant() switch
    {
        "CRITICAL" => 9.0,
        "HIGH" => 7.0,
        "MEDIUM" or "MODERATE" => 4.0,
        "LOW" => 0.1,
        _ => null,
    };

    private static string PackageOf(JsonElement dependency)
    {
        if (dependency.TryGetProperty("packages", out var packages) && packages.ValueKind == JsonValueKind.Array)
        {
            var id = packages.EnumerateArray().Select(p => Text(p, "id")).FirstOrDefault(i => !string.IsNullOrEmpty(i));
            if (id is not null)
            {
                return id;
            }
        }

        return Text(dependency, "fileName") ?? Text(dependency, "filePath") ?? "(unknown)";
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
