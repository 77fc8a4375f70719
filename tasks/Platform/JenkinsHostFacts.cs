using System.Text;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Platform;

/// <summary>
/// What the Jenkins host's OS-dependent defaults are chosen from, read in one round trip: <c>/etc/os-release</c>,
/// <c>apt-cache policy</c> of the Java and Python packages (every <c>python3.N</c> apt knows), the Jenkins version
/// installed or, before it is, the newest in the configured repository, and which third-party apt sources are set up.
/// </summary>
/// <param name="Os">The distribution.</param>
/// <param name="Apt">Installed and candidate versions of the packages asked about.</param>
/// <param name="JenkinsInstalled">The installed jenkins package's version, or null.</param>
/// <param name="JenkinsInRepository">The newest jenkins in jenkinsRepositoryUrl's index as the host reads it, or null.</param>
/// <param name="Sources">The apt source list files of ours that exist ("adoptium", "deadsnakes").</param>
public sealed record JenkinsHostFacts(OsRelease Os, AptPolicy Apt, string? JenkinsInstalled, string? JenkinsInRepository, IReadOnlySet<string> Sources)
{
    /// <summary>The Java runtime packages asked about: the distributions' and Eclipse Temurin's, per Java LTS.</summary>
    public static IReadOnlyList<int> JavaReleases { get; } = [17, 21, 25];

    private const string OsReleaseSection = "@@workload-os-release";
    private const string AptSection = "@@workload-apt-policy";
    private const string FactsSection = "@@workload-facts";

    /// <summary>
    /// What apt-cache's answers depend on: the installed packages, the package lists, the sources and the pinning
    /// (a list or source added, removed or replaced changes its directory; one edited in place, its own times).
    /// </summary>
    public static IReadOnlyList<string> AptStatePaths { get; } =
    [
        .. AptPackages.DpkgStatePaths, "/var/lib/apt/lists", "/etc/apt", "/etc/apt/sources.list", "/etc/apt/sources.list.d",
        "/etc/apt/sources.list.d/*", "/etc/apt/preferences", "/etc/apt/preferences.d", "/etc/apt/preferences.d/*",
        "/etc/apt/apt.conf.d", "/etc/apt/apt.conf.d/*",
    ];

    /// <summary>The distribution's Java runtime package of a Java release.</summary>
    public static string OpenJdkPackage(int release) => $"openjdk-{release}-jre-headless";

    /// <summary>Eclipse Temurin's Java runtime package of a Java release.</summary>
    public static string TemurinPackage(int release) => $"temurin-{release}-jre";

    /// <summary>The script that prints the facts; it changes nothing. <paramref name="extraPackages"/> are asked about too (explicit settings).</summary>
    public static string Script(string jenkinsRepositoryUrl, IEnumerable<string> extraPackages)
    {
        var packages = JavaReleases.SelectMany(r => new[] { OpenJdkPackage(r), TemurinPackage(r) })
            .Concat(extraPackages).Prepend("python3").Append("jenkins").Distinct(StringComparer.Ordinal);
        var index = jenkinsRepositoryUrl.TrimEnd('/') + "/binary/";
        return new StringBuilder()
            .Append($"echo '{OsReleaseSection}'; cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release\n")
            .Append($"echo '{AptSection}'\n")
            // apt-cache loads the whole package cache: its answer is remembered while apt's state is unchanged.
            .Append(ProbeScripts.Memo(
                "names=$(apt-cache pkgnames python3. 2>/dev/null | grep -xE 'python3\\.[0-9]+(-venv)?' | sort -u)\n" +
                $"LC_ALL=C apt-cache policy {string.Join(' ', packages.Select(Shell.Quote))} $names 2>/dev/null",
                AptStatePaths))
            .Append($"echo '{FactsSection}'\n")
            .Append("set -- $(dpkg-query -W -f='${db:Status-Abbrev} ${Version}' jenkins 2>/dev/null)\n")
            .Append("if [ \"$1\" = ii ]; then echo \"jenkins_installed=$2\"; else\n")
            // Before Jenkins is installed its repository may not be an apt source yet: read its index as apt would.
            .Append($"  v=$(curl -fsS --max-time 20 {Shell.Quote(index + "Packages.gz")} 2>/dev/null | gzip -dc 2>/dev/null | awk '/^Package: /{{p=($2==\"jenkins\")}} p&&/^Version: /{{print $2}}' | sort -V | tail -n 1)\n")
            .Append($"  [ -n \"$v\" ] || v=$(curl -fsS --max-time 20 {Shell.Quote(index + "Packages")} 2>/dev/null | awk '/^Package: /{{p=($2==\"jenkins\")}} p&&/^Version: /{{print $2}}' | sort -V | tail -n 1)\n")
            .Append("  echo \"jenkins_repository=$v\"\nfi\n")
            .Append("for s in adoptium deadsnakes; do if [ -f /etc/apt/sources.list.d/$s.list ]; then echo \"source=$s\"; fi; done\n")
            .ToString();
    }

    /// <summary>Reads the facts from the host.</summary>
    public static async Task<JenkinsHostFacts> ReadAsync(IHostShell host, string jenkinsRepositoryUrl, IEnumerable<string> extraPackages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var result = await host.ReadAsync(Script(jenkinsRepositoryUrl, extraPackages), cancellationToken).ConfigureAwait(false);
        if (!result.Output.Contains(FactsSection, StringComparison.Ordinal))
        {
            throw new HostCommandException(host.Name, "Reading the host's distribution and package facts", result);
        }

        return Parse(result.Output);
    }

    /// <summary>The facts from the script's output.</summary>
    public static JenkinsHostFacts Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var sections = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        StringBuilder? current = null;
        foreach (var line in output.Split('\n'))
        {
            if (line is OsReleaseSection or AptSection or FactsSection)
            {
                current = sections[line] = new StringBuilder();
            }
            else
            {
                current?.Append(line).Append('\n');
            }
        }

        string Text(string section) => sections.TryGetValue(section, out var text) ? text.ToString() : string.Empty;
        var facts = new Resources.ResourceFacts(Text(FactsSection).Split('\n'));
        return From(
            OsRelease.Parse(Text(OsReleaseSection)),
            AptPolicy.Parse(Text(AptSection)),
            facts.Get("jenkins_installed"),
            facts.Get("jenkins_repository"),
            facts.GetAll("source"));
    }

    /// <summary>Facts put together from their parts (recorded files in tests).</summary>
    public static JenkinsHostFacts From(OsRelease os, AptPolicy apt, string? jenkinsInstalled, string? jenkinsInRepository, IEnumerable<string>? sources = null) =>
        new(os, apt, Blank(jenkinsInstalled), Blank(jenkinsInRepository), (sources ?? []).ToHashSet(StringComparer.Ordinal));

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
