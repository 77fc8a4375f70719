namespace Workload.Platform;

/// <summary>
/// What <c>apt-cache policy PACKAGE...</c> printed: per package, the installed version and the candidate apt would
/// install. A package apt does not know is absent; one it knows without a candidate has none.
/// </summary>
public sealed class AptPolicy
{
    private readonly Dictionary<string, (string? Installed, string? Candidate)> _packages = new(StringComparer.Ordinal);

    /// <summary>Reads apt-cache policy's output ("name:", then "  Installed: ...", "  Candidate: ..." and a version table).</summary>
    public static AptPolicy Parse(string text)
    {
        var policy = new AptPolicy();
        string? current = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]) && line.EndsWith(':'))
            {
                // "python3.11:" (or "python3.11:amd64:" for a foreign architecture, which is not ours).
                current = line[..^1];
                policy._packages[current] = (null, null);
                continue;
            }

            var trimmed = line.Trim();
            if (current is null)
            {
                continue;
            }

            if (trimmed.StartsWith("Installed:", StringComparison.Ordinal))
            {
                policy._packages[current] = (Version(trimmed["Installed:".Length..]), policy._packages[current].Candidate);
            }
            else if (trimmed.StartsWith("Candidate:", StringComparison.Ordinal))
            {
                policy._packages[current] = (policy._packages[current].Installed, Version(trimmed["Candidate:".Length..]));
            }
        }

        return policy;
    }

    /// <summary>The packages apt-cache reported on.</summary>
    public IEnumerable<string> Packages => _packages.Keys;

    /// <summary>The version apt would install, or null when it has none (or does not know the package).</summary>
    public string? Candidate(string package) => _packages.TryGetValue(package, out var found) ? found.Candidate : null;

    /// <summary>The installed version, or null.</summary>
    public string? Installed(string package) => _packages.TryGetValue(package, out var found) ? found.Installed : null;

    /// <summary>Whether the package is installed or apt has a candidate for it.</summary>
    public bool CanProvide(string package) => Candidate(package) is not null || Installed(package) is not null;

    private static string? Version(string value)
    {
        var version = value.Trim();
        return version.Length == 0 || version == "(none)" ? null : version;
    }
}
