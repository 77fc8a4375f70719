using System.Globalization;
using System.Text.RegularExpressions;
using Workload.Configuration;

namespace Workload.Platform;

/// <summary>Where the Java runtime for Jenkins comes from.</summary>
public enum JavaSource
{
    /// <summary>The host's own package sources (its distribution's archive).</summary>
    Distribution,

    /// <summary>Eclipse Temurin's signed apt repository (temurinRepositoryUrl).</summary>
    Temurin,
}

/// <summary>The Java runtime Jenkins gets on this host, and why.</summary>
/// <param name="Package">The package to install, such as openjdk-21-jre-headless.</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Reason">The choice in words, for the plan.</param>
public sealed record JavaChoice(string Package, JavaSource Source, string Reason);

/// <summary>The Python the app's venv gets on this host, and why.</summary>
/// <param name="Version">"3.13".</param>
/// <param name="Deadsnakes">Whether its packages come from the deadsnakes PPA (Ubuntu only).</param>
/// <param name="Reason">The choice in words, for the plan.</param>
public sealed record PythonChoice(string Version, bool Deadsnakes, string Reason)
{
    /// <summary>The interpreter and its venv module: python3.13, python3.13-venv (Debian's and Ubuntu's names).</summary>
    public IReadOnlyList<string> Packages => [$"python{Version}", $"python{Version}-venv"];
}

/// <summary>
/// The OS-dependent defaults of the Jenkins host, chosen from its facts. A pure function of the facts and the
/// settings: an explicit setting always wins (and is checked against what the host can provide); an unset one is
/// chosen per host. Every problem is reported at once, naming the setting and what this host offers.
/// </summary>
public sealed partial record JenkinsHostChoices(OsRelease Os, string JenkinsVersion, JavaChoice Java, PythonChoice Python)
{
    /// <summary>The workload's Python (the tutorial's, from deadsnakes), used wherever the host can have it without building from source.</summary>
    public const string WorkloadPython = "3.9";

    /// <summary>Chooses the Java runtime and the Python for the host; throws a <see cref="ConfigurationException"/> when a setting cannot be met here.</summary>
    public static JenkinsHostChoices Choose(JenkinsHostFacts facts, string? javaPackage, string? pythonVersion)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var problems = new List<string>();
        var (jenkins, required) = JenkinsRequirement(facts);
        var java = ChooseJava(facts, javaPackage, jenkins, required, problems);
        var python = ChoosePython(facts, pythonVersion, problems);
        return problems.Count > 0
            ? throw new ConfigurationException(problems)
            : new JenkinsHostChoices(facts.Os, jenkins, java!, python!);
    }

    /// <summary>The Python versions (3.N) the host's package sources offer, in order.</summary>
    public static IReadOnlyList<string> OfferedPythons(JenkinsHostFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.Apt.Packages
            .Select(p => InterpreterPackage().Match(p))
            .Where(m => m.Success && facts.Apt.CanProvide(m.Value))
            .Select(m => m.Groups[1].Value)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(v => int.Parse(v.Split('.')[1], CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>The Java feature release of a runtime package's name (openjdk-21-jre-headless, temurin-17-jre), or null.</summary>
    public static int? JavaReleaseOf(string package)
    {
        var match = JavaPackageName().Match(package);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    // The Jenkins that is or will be installed: installed, else apt's candidate, else the repository's newest.
    private static (string Description, int Required) JenkinsRequirement(JenkinsHostFacts facts)
    {
        if (facts.JenkinsInstalled is { } installed)
        {
            return ($"Jenkins {installed} (installed)", JenkinsJava.RequiredJava(installed));
        }

        if (facts.Apt.Candidate("jenkins") is { } candidate)
        {
            return ($"Jenkins {candidate} (what apt installs from jenkinsRepositoryUrl)", JenkinsJava.RequiredJava(candidate));
        }

        if (facts.JenkinsInRepository is { } newest)
        {
            return ($"Jenkins {newest} (the newest in jenkinsRepositoryUrl)", JenkinsJava.RequiredJava(newest));
        }

        return ("the newest Jenkins LTS (jenkinsRepositoryUrl's index could not be read from the host)", JenkinsJava.NewestRequirement);
    }

    private static JavaChoice? ChooseJava(JenkinsHostFacts facts, string? javaPackage, string jenkins, int required, List<string> problems)
    {
        var offered = JenkinsHostFacts.JavaReleases.SelectMany(r => new[] { JenkinsHostFacts.OpenJdkPackage(r), JenkinsHostFacts.TemurinPackage(r) })
            .Where(facts.Apt.CanProvide).ToList();
        var offers = offered.Count == 0 ? "none" : string.Join(", ", offered);
        if (javaPackage is not null)
        {
            var release = JavaReleaseOf(javaPackage);
            if (release < required)
            {
                problems.Add($"javaPackage: {javaPackage} is Java {release}, but {jenkins} needs Java {required} or newer; unset javaPackage to have it chosen for this host, or name a Java {required} runtime (the jenkins host's package sources offer: {offers})");
                return null;
            }

            if (javaPackage.StartsWith("temurin-", StringComparison.Ordinal))
            {
                return new JavaChoice(javaPackage, JavaSource.Temurin, $"{javaPackage} from Eclipse Temurin's apt repository, as javaPackage says ({jenkins} needs Java {required} or newer)");
            }

            if (!facts.Apt.CanProvide(javaPackage))
            {
                problems.Add($"javaPackage: {javaPackage} is not available on the jenkins host ({facts.Os}): its package sources have no candidate for it; Java runtimes they offer: {offers}");
                return null;
            }

            return new JavaChoice(javaPackage, JavaSource.Distribution, $"{javaPackage}, as javaPackage says ({jenkins} needs Java {required} or newer)");
        }

        // Jenkins' recommended Java first (21), then newer, then older ones that still satisfy it.
        var preference = JenkinsHostFacts.JavaReleases.Where(r => r >= required).OrderBy(r => r == 21 ? 0 : r > 21 ? 1 : 2).ThenBy(r => r).ToList();
        foreach (var release in preference)
        {
            var package = JenkinsHostFacts.OpenJdkPackage(release);
            if (facts.Apt.CanProvide(package))
            {
                return new JavaChoice(package, JavaSource.Distribution, $"{package} from {facts.Os}'s own packages ({jenkins} needs Java {required} or newer)");
            }
        }

        if (facts.Os.IsDebianFamily && facts.Os.Codename.Length > 0)
        {
            var temurin = JenkinsHostFacts.TemurinPackage(Math.Max(required, 21));
            return new JavaChoice(temurin, JavaSource.Temurin, $"{temurin} from Eclipse Temurin's apt repository (temurinRepositoryUrl): {jenkins} needs Java {required} or newer and {facts.Os} ships no such runtime");
        }

        problems.Add($"javaPackage: {jenkins} needs Java {required} or newer; the jenkins host ({facts.Os}) offers no such runtime in its package sources and is not a Debian or Ubuntu release that Eclipse Temurin's apt repository serves: set javaPackage to a Java {required} runtime package this host can install");
        return null;
    }

    private static PythonChoice? ChoosePython(JenkinsHostFacts facts, string? pythonVersion, List<string> problems)
    {
        var offered = OfferedPythons(facts);
        var ppaConfigured = facts.Sources.Contains("deadsnakes");
        var from = ppaConfigured && facts.Os.IsUbuntu ? "the deadsnakes PPA or the distribution" : $"{facts.Os}'s own packages";
        if (pythonVersion is not null)
        {
            if (facts.Apt.CanProvide($"python{pythonVersion}"))
            {
                return new PythonChoice(pythonVersion, ppaConfigured && facts.Os.IsUbuntu, $"python{pythonVersion} from {from}, as pythonVersion says");
            }

            if (facts.Os.IsUbuntu)
            {
                return new PythonChoice(pythonVersion, true, $"python{pythonVersion} from the deadsnakes PPA ({facts.Os} does not ship it), as pythonVersion says");
            }

            var unset = offered.Contains(WorkloadPython) ? WorkloadPython : SystemPython(facts) ?? "none";
            problems.Add(
                $"pythonVersion: {pythonVersion} is not available on the jenkins host ({facts.Os}): its package sources offer Python {(offered.Count == 0 ? "none" : string.Join(", ", offered))}, " +
                $"and the deadsnakes PPA serves Ubuntu only; set pythonVersion to one of those, or unset it (this host would then use {unset})");
            return null;
        }

        if (facts.Apt.CanProvide($"python{WorkloadPython}"))
        {
            return new PythonChoice(WorkloadPython, ppaConfigured && facts.Os.IsUbuntu, $"python{WorkloadPython}, the workload's, from {from}");
        }

        if (facts.Os.IsUbuntu)
        {
            return new PythonChoice(WorkloadPython, true, $"python{WorkloadPython}, the workload's, from the deadsnakes PPA ({facts.Os} does not ship it)");
        }

        if (SystemPython(facts) is { } system)
        {
            return new PythonChoice(system, false, $"python{system}, {facts.Os}'s own python3: the workload's {WorkloadPython} is not packaged for it and is not built from source (set pythonVersion to choose)");
        }

        problems.Add($"pythonVersion: the jenkins host ({facts.Os}) offers neither the workload's Python {WorkloadPython} nor a python3 package; set pythonVersion to a version its package sources have");
        return null;
    }

    // The distribution's python3: its package version "3.13.5-1" says which python3.N it is.
    private static string? SystemPython(JenkinsHostFacts facts)
    {
        var version = facts.Apt.Installed("python3") ?? facts.Apt.Candidate("python3");
        var match = version is null ? null : SystemVersion().Match(version);
        return match is { Success: true } ? match.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^python(3\.[0-9]+)$")]
    private static partial Regex InterpreterPackage();

    [GeneratedRegex(@"^(?:[0-9]+:)?(3\.[0-9]+)\.")]
    private static partial Regex SystemVersion();

    [GeneratedRegex(@"(?:^|-)(?:openjdk|temurin|jdk|jre|java)-?([0-9]+)(?:-|$)")]
    private static partial Regex JavaPackageName();
}
