using Workload.Platform;
using Workload.Resources;
using Workload.Tests.Conventions;

namespace Workload.Tests.Platform;

/// <summary>
/// The Jenkins host's OS-dependent defaults, planned on recorded facts (tests/Platform/facts: /etc/os-release and
/// apt-cache policy of Debian 12, Debian 13 and Ubuntu 24.04) without a host: the Java runtime for the Jenkins the
/// host gets, the app's Python, the repositories they need and the changes a fresh host would get.
/// </summary>
public sealed class JenkinsHostChoicesTests
{
    private const string NewestLts = "2.555.1";
    private const string OlderLts = "2.541.1";

    [Fact]
    public void Debian_13_gets_its_own_java_21_and_its_own_python3_said_in_the_plan()
    {
        var choices = Choose("debian-13", jenkinsInRepository: NewestLts);

        Assert.Equal("Debian GNU/Linux 13 (trixie)", choices.Os.ToString());
        Assert.Equal(new JavaChoice("openjdk-21-jre-headless", JavaSource.Distribution, choices.Java.Reason), choices.Java);
        Assert.Contains("Jenkins 2.555.1 (the newest in jenkinsRepositoryUrl) needs Java 21 or newer", choices.Java.Reason, StringComparison.Ordinal);
        Assert.Equal(("3.13", false), (choices.Python.Version, choices.Python.Deadsnakes));
        Assert.Equal(["python3.13", "python3.13-venv"], choices.Python.Packages);
        Assert.Contains("Debian GNU/Linux 13 (trixie)'s own python3: the workload's 3.9 is not packaged for it", choices.Python.Reason, StringComparison.Ordinal);
        Assert.Equal(
            ["install packages fontconfig, openjdk-21-jre-headless, curl, gnupg, ca-certificates (after apt-get update)"],
            FreshHostChanges(InstallJenkins.JavaResources(Settings(), choices)));
    }

    [Fact]
    public void Debian_12_gets_java_21_from_temurins_signed_repository_for_current_jenkins()
    {
        var choices = Choose("debian-12", jenkinsInRepository: NewestLts);

        Assert.Equal(("temurin-21-jre", JavaSource.Temurin), (choices.Java.Package, choices.Java.Source));
        Assert.Contains("Debian GNU/Linux 12 (bookworm) ships no such runtime", choices.Java.Reason, StringComparison.Ordinal);
        Assert.Equal("3.11", choices.Python.Version);
        Assert.Equal(
            [
                "install packages fontconfig, curl, gnupg, ca-certificates (after apt-get update)",
                "add apt keyring /etc/apt/keyrings/adoptium.asc from https://packages.adoptium.net/artifactory/api/gpg/key/public, accepted only with fingerprint 3B04D753C9050D9A5D343F39843C48A565F8F04B",
                "create file /etc/apt/sources.list.d/adoptium.list (0644 root:root)",
                "install package temurin-21-jre (after apt-get update)",
            ],
            FreshHostChanges(InstallJenkins.JavaResources(Settings(), choices)));
        var source = Assert.IsType<ManagedFile>(InstallJenkins.JavaResources(Settings(), choices)[2]);
        Assert.Equal("deb [signed-by=/etc/apt/keyrings/adoptium.asc] https://packages.adoptium.net/artifactory/deb bookworm main\n", source.Content);
    }

    [Fact]
    public void The_java_default_follows_the_jenkins_version_the_host_gets()
    {
        // Jenkins before 2.555 runs on Java 17, which Debian 12 ships: no third-party repository then.
        Assert.Equal("openjdk-17-jre-headless", Choose("debian-12", jenkinsInRepository: OlderLts).Java.Package);

        // What is installed counts, not what the repository offers now: the installed Jenkins keeps its Java.
        Assert.Equal("openjdk-17-jre-headless", Choose("debian-12", jenkinsInstalled: OlderLts, jenkinsInRepository: NewestLts).Java.Package);

        // An unreadable index: the newest LTS is assumed, and said.
        var unknown = Choose("debian-12");
        Assert.Equal("temurin-21-jre", unknown.Java.Package);
        Assert.Contains("the newest Jenkins LTS (jenkinsRepositoryUrl's index could not be read from the host)", unknown.Java.Reason, StringComparison.Ordinal);

        // Where the distribution has both, Jenkins' recommended Java 21 even for a Jenkins that would take 17.
        Assert.Equal("openjdk-21-jre-headless", Choose("ubuntu-24.04", jenkinsInRepository: OlderLts).Java.Package);
    }

    [Fact]
    public void Ubuntu_24_04_gets_its_own_java_21_and_the_workloads_python_from_deadsnakes()
    {
        var choices = Choose("ubuntu-24.04", jenkinsInRepository: NewestLts);

        Assert.Equal(("openjdk-21-jre-headless", JavaSource.Distribution), (choices.Java.Package, choices.Java.Source));
        Assert.Equal(("3.9", true), (choices.Python.Version, choices.Python.Deadsnakes));
        Assert.Contains("from the deadsnakes PPA (Ubuntu 24.04.3 LTS does not ship it)", choices.Python.Reason, StringComparison.Ordinal);
        var resources = ConfigurePython.PythonResources(Settings(), choices);
        Assert.Equal(
            [
                "add apt keyring /etc/apt/keyrings/deadsnakes.asc from https://keyserver.ubuntu.com/pks/lookup?op=get&search=0xF23C5A6CF475977595C89F51BA6932366A755776, accepted only with fingerprint F23C5A6CF475977595C89F51BA6932366A755776",
                "create file /etc/apt/sources.list.d/deadsnakes.list (0644 root:root)",
                "install packages python3.9, python3.9-venv (after apt-get update)",
            ],
            FreshHostChanges(resources));
        Assert.Equal(
            "deb [signed-by=/etc/apt/keyrings/deadsnakes.asc] https://ppa.launchpadcontent.net/deadsnakes/ppa/ubuntu noble main\n",
            Assert.IsType<ManagedFile>(resources[1]).Content);
    }

    [Fact]
    public void Once_deadsnakes_is_set_up_ubuntu_keeps_it_and_the_same_python()
    {
        var choices = Choose("ubuntu-24.04-deadsnakes", jenkinsInstalled: NewestLts, sources: ["deadsnakes"]);

        Assert.Equal(("3.9", true), (choices.Python.Version, choices.Python.Deadsnakes));
        Assert.Equal(["3.9", "3.11", "3.12"], JenkinsHostChoices.OfferedPythons(Facts("ubuntu-24.04-deadsnakes", null, null, ["deadsnakes"])));
        Assert.Equal(3, ConfigurePython.PythonResources(Settings(), choices).Count);
    }

    [Fact]
    public void An_explicit_python_wins_where_the_host_can_provide_it()
    {
        Assert.Equal(("3.11", false), Python(Choose("debian-12", NewestLts, pythonVersion: "3.11")));
        Assert.Equal(("3.12", false), Python(Choose("ubuntu-24.04", NewestLts, pythonVersion: "3.12")));
        Assert.Equal(("3.11", true), Python(Choose("ubuntu-24.04", NewestLts, pythonVersion: "3.11")));

        static (string, bool) Python(JenkinsHostChoices choices) => (choices.Python.Version, choices.Python.Deadsnakes);
    }

    [Fact]
    public void A_python_the_host_cannot_provide_is_an_error_naming_the_versions_it_offers()
    {
        var error = Assert.Throws<ConfigurationException>(() => Choose("debian-13", NewestLts, pythonVersion: "3.9"));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("pythonVersion: 3.9 is not available on the jenkins host (Debian GNU/Linux 13 (trixie))", problem, StringComparison.Ordinal);
        Assert.Contains("its package sources offer Python 3.13", problem, StringComparison.Ordinal);
        Assert.Contains("the deadsnakes PPA serves Ubuntu only", problem, StringComparison.Ordinal);
        Assert.Contains("unset it (this host would then use 3.13)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_java_wins_but_must_run_the_jenkins_the_host_gets()
    {
        // Debian 12's Java 17 for a Jenkins that accepts it: as the setting says.
        var chosen = Choose("debian-12", OlderLts, javaPackage: "openjdk-17-jre-headless");
        Assert.Equal(("openjdk-17-jre-headless", JavaSource.Distribution), (chosen.Java.Package, chosen.Java.Source));
        Assert.Contains("as javaPackage says", chosen.Java.Reason, StringComparison.Ordinal);

        // The same for the newest Jenkins: refused before anything is installed.
        var tooOld = Assert.Throws<ConfigurationException>(() => Choose("debian-12", NewestLts, javaPackage: "openjdk-17-jre-headless"));
        Assert.Equal(
            "javaPackage: openjdk-17-jre-headless is Java 17, but Jenkins 2.555.1 (the newest in jenkinsRepositoryUrl) needs Java 21 or newer; unset javaPackage to have it chosen for this host, or name a Java 21 runtime (the jenkins host's package sources offer: openjdk-17-jre-headless)",
            Assert.Single(tooOld.Problems));

        // A package the host's sources do not have.
        var missing = Assert.Throws<ConfigurationException>(() => Choose("debian-13", OlderLts, javaPackage: "openjdk-17-jre-headless"));
        Assert.Contains("javaPackage: openjdk-17-jre-headless is not available on the jenkins host (Debian GNU/Linux 13 (trixie))", Assert.Single(missing.Problems), StringComparison.Ordinal);
        Assert.Contains("Java runtimes they offer: openjdk-21-jre-headless, openjdk-25-jre-headless", missing.Problems[0], StringComparison.Ordinal);

        // temurin-* comes from Temurin's repository, whatever the distribution ships.
        var temurin = Choose("debian-13", NewestLts, javaPackage: "temurin-21-jre");
        Assert.Equal(JavaSource.Temurin, temurin.Java.Source);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var error = Assert.Throws<ConfigurationException>(() => Choose("debian-13", NewestLts, javaPackage: "openjdk-17-jre-headless", pythonVersion: "3.8"));

        Assert.Equal(2, error.Problems.Count);
        Assert.StartsWith("javaPackage:", error.Problems[0], StringComparison.Ordinal);
        Assert.StartsWith("pythonVersion:", error.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_that_is_neither_debian_nor_ubuntu_and_lacks_java_is_an_error_naming_javaPackage()
    {
        var os = OsRelease.Parse("NAME=\"Fedora Linux\"\nID=fedora\nVERSION_ID=41\nPRETTY_NAME=\"Fedora Linux 41\"\n");
        var facts = JenkinsHostFacts.From(os, AptPolicy.Parse(string.Empty), null, NewestLts);

        var error = Assert.Throws<ConfigurationException>(() => JenkinsHostChoices.Choose(facts, null, "3.13"));

        Assert.Contains(error.Problems, p => p.StartsWith("javaPackage: Jenkins 2.555.1 (the newest in jenkinsRepositoryUrl) needs Java 21 or newer; the jenkins host (Fedora Linux 41)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2.555.1", 21)]
    [InlineData("2.555", 21)]
    [InlineData("2.560", 21)]
    [InlineData("2.541.1", 17)]
    [InlineData("2.479.1", 17)]
    [InlineData("2.463", 17)]
    [InlineData("2.462.3", 11)]
    [InlineData("2.361.1", 11)]
    [InlineData("2.346.3", 8)]
    public void Jenkins_java_requirements_follow_jenkins_support_policy(string jenkins, int java) =>
        Assert.Equal(java, JenkinsJava.RequiredJava(jenkins));

    [Fact]
    public void The_facts_scripts_output_parses_back_into_the_recorded_facts()
    {
        var directory = FactsDirectory("debian-12");
        var output = "@@workload-os-release\n" + File.ReadAllText(Path.Combine(directory, "os-release")) +
            "@@workload-apt-policy\n" + File.ReadAllText(Path.Combine(directory, "apt-cache-policy.txt")) +
            "@@workload-facts\njenkins_repository=2.541.1\nsource=adoptium\n";

        var facts = JenkinsHostFacts.Parse(output);

        Assert.Equal(("debian", "12", "bookworm"), (facts.Os.Id, facts.Os.VersionId, facts.Os.Codename));
        Assert.Equal("17.0.19+10-1~deb12u2", facts.Apt.Candidate("openjdk-17-jre-headless"));
        Assert.Null(facts.Apt.Candidate("openjdk-21-jre-headless"));
        Assert.Equal("3.11.2-6+deb12u8", facts.Apt.Installed("python3.11"));
        Assert.Null(facts.JenkinsInstalled);
        Assert.Equal("2.541.1", facts.JenkinsInRepository);
        Assert.Contains("adoptium", facts.Sources);

        // The script asks apt about the settings' own packages as well.
        var script = JenkinsHostFacts.Script("http://10.231.0.1:8081/jenkins", ["temurin-21-jre", "python3.10"]);
        Assert.Contains("'http://10.231.0.1:8081/jenkins/binary/Packages.gz'", script, StringComparison.Ordinal);
        Assert.Contains("python3.10", script, StringComparison.Ordinal);
    }

    private static JenkinsHostChoices Choose(
        string platform, string? jenkinsInRepository = null, string? javaPackage = null, string? pythonVersion = null, string? jenkinsInstalled = null, string[]? sources = null) =>
        JenkinsHostChoices.Choose(Facts(platform, jenkinsInstalled, jenkinsInRepository, sources), javaPackage, pythonVersion);

    private static JenkinsHostFacts Facts(string platform, string? jenkinsInstalled, string? jenkinsInRepository, string[]? sources)
    {
        var directory = FactsDirectory(platform);
        return JenkinsHostFacts.From(
            OsRelease.Parse(File.ReadAllText(Path.Combine(directory, "os-release"))),
            AptPolicy.Parse(File.ReadAllText(Path.Combine(directory, "apt-cache-policy.txt"))),
            jenkinsInstalled,
            jenkinsInRepository,
            sources);
    }

    private static string FactsDirectory(string platform) => Path.Combine(TaskConventionTests.RepositoryRoot(), "tests", "Platform", "facts", platform);

    private static WorkloadSettings Settings() =>
        SettingsLoader.Load(new SettingsSources(Path.GetTempPath(), new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string>()));

    // What a fresh host (nothing installed, package lists fetched) would get, in words.
    private static List<string> FreshHostChanges(IReadOnlyList<Resource> resources)
    {
        var state = new PlanningState();
        var changes = new List<string>();
        foreach (var resource in resources)
        {
            var planned = resource.Plan(new ResourceFacts([]), state);
            state.Record(resource, planned);
            changes.AddRange(planned.Select(c => c.Summary));
        }

        return changes;
    }
}
