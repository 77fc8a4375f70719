using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Docker;

namespace Workload.Tests.Validation;

/// <summary>OwaspScan against a fake engine: the command line, the NVD volume, the key's secrecy, the verdict.</summary>
public sealed class OwaspScanTests : IDisposable
{
    private const string Key = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";
    private readonly string _work = TestPaths.NewDirectory("workload-owasp");
    private readonly FakeEngine _fake = new();

    public void Dispose()
    {
        _fake.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void TheScanMountsTheCheckoutReadOnlyAndTheNvdVolumeAndPassesTheKeyOnlyAsAFile()
    {
        using var test = Context(withKey: true);

        var error = Assert.Throws<CakeException>(() => new OwaspScan().Run(test.Context));

        var argv = _fake.RunArguments;
        Assert.Equal("run", argv[0]);
        Assert.Contains($"{TestPaths.Fixture}:/src:ro", argv);
        Assert.Contains("workload-dependency-check-data:/usr/share/dependency-check/data", argv);
        Assert.Contains(argv, a => a.EndsWith(":/run/workload/nvd.properties:ro", StringComparison.Ordinal));
        var image = argv.ToList().IndexOf("docker.io/owasp/dependency-check:latest");
        Assert.True(image > 0, "the image is on the command line");
        Assert.Equal(
            ["--scan", "/src", "--exclude", "**/.git/**", "--project", "microblog", "--out", "/report",
             "--format", "XML", "--format", "HTML", "--format", "JSON", "--enableExperimental",
             "--disableYarnAudit", "--disableNodeAudit", "--propertyfile", "/run/workload/nvd.properties"],
            argv.Skip(image + 1));

        // The key is in no argument, not in the engine's environment, and never in the log: the fake printed
        // the properties file, and the masker replaced the key.
        Assert.DoesNotContain(argv, a => a.Contains(Key, StringComparison.Ordinal));
        Assert.DoesNotContain(Key, _fake.RunEnvironment, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, test.Log.Text, StringComparison.Ordinal);
        Assert.Contains("[DEBUG] properties: nvd.api.key=***", test.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(
            Directory.EnumerateDirectories(Path.GetTempPath(), "workload-dependency-check-*"),
            d => File.Exists(Path.Combine(d, "nvd.properties")) && File.ReadAllText(Path.Combine(d, "nvd.properties")).Contains(Key, StringComparison.Ordinal));

        // The sample report has CVSS 8.1, above the default threshold 7.
        Assert.Contains("3 vulnerabilities with CVSS 7 or higher", error.Message, StringComparison.Ordinal);
        Assert.Contains("CVE-2021-34551  8.1 (v3)  HIGH", test.Log.Text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_work, "artifacts", "dependency-check", "dependency-check-report.json")));
        Assert.True(File.Exists(Path.Combine(_work, "artifacts", "dependency-check", "dependency-check-report.xml")));
    }

    [Fact]
    public void TheNvdVolumeIsCreatedOnceAndReusedAfter()
    {
        using (var first = Context(withKey: true, threshold: 11))
        {
            new OwaspScan().Run(first.Context);
            Assert.Contains("Creating volume workload-dependency-check-data", first.Log.Text, StringComparison.Ordinal);
        }

        using (var second = Context(withKey: true, threshold: 11))
        {
            new OwaspScan().Run(second.Context);
            Assert.Contains("Reusing the NVD data in volume workload-dependency-check-data", second.Log.Text, StringComparison.Ordinal);
        }

        Assert.Single(_fake.Calls, c => c.StartsWith("volume create", StringComparison.Ordinal));
        Assert.Equal(2, _fake.Calls.Count(c => c.StartsWith("volume inspect", StringComparison.Ordinal)));
    }

    [Fact]
    public void WithoutAKeyTheRunWarnsThatTheFirstUpdateIsSlowAndGoesOn()
    {
        using var test = Context(withKey: false, threshold: 11);

        new OwaspScan().Run(test.Context);

        Assert.Contains(test.Log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains("first update of the NVD data", StringComparison.Ordinal));
        Assert.DoesNotContain("--propertyfile", _fake.RunArguments);
        Assert.Contains("Dependency-Check 7.1.0: 9 dependencies, 3 vulnerabilities, highest CVSS 8.1, threshold 11", test.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void DependencyChecksOwnFailureFailsTheTask()
    {
        using var failing = new FakeEngine(runExitCode: 13);
        using var test = Context(withKey: false, threshold: 11, engine: failing);

        var error = Assert.Throws<CakeException>(() => new OwaspScan().Run(test.Context));

        Assert.Contains("exited with code 13", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheJobSummaryGetsTheTableWhenGitHubActionsAsksForOne()
    {
        var summary = Path.Combine(_work, "summary.md");
        using var test = Context(withKey: true, threshold: 7, summary: summary);

        Assert.Throws<CakeException>(() => new OwaspScan().Run(test.Context));

        var text = File.ReadAllText(summary);
        Assert.Contains("### OWASP Dependency-Check: FAILED", text, StringComparison.Ordinal);
        Assert.Contains("| pkg:composer/phpmailer/phpmailer@5.2.28 | CVE-2021-34551 | 8.1 (v3) | HIGH |", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheScanCanBeSwitchedOff()
    {
        using var test = TestContext.Create(_work, new Dictionary<string, string> { ["dependencyCheck"] = "false" });

        Assert.False(new OwaspScan().ShouldRun(test.Context));
        Assert.Empty(new OwaspScan().UnmetRequirements(test.Context));
    }

    [Fact]
    public void TheAppIsRequired()
    {
        using var test = TestContext.Create(_work);

        Assert.Contains("app: required by OwaspScan", Assert.Single(new OwaspScan().UnmetRequirements(test.Context)), StringComparison.Ordinal);
    }

    private TestContext Context(bool withKey, int threshold = 7, FakeEngine? engine = null, string? summary = null)
    {
        var variables = new Dictionary<string, string>();
        if (withKey)
        {
            variables["WORKLOAD_NVD_API_KEY"] = Key;
        }

        if (summary is not null)
        {
            variables["GITHUB_STEP_SUMMARY"] = summary;
        }

        var test = TestContext.Create(
            _work,
            new Dictionary<string, string> { ["app"] = TestPaths.Fixture, ["cvssThreshold"] = threshold.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            variables);
        test.Context.ContainerEngine = (engine ?? _fake).Engine;
        return test;
    }
}

/// <summary>The NVD data volume with real Podman: created when missing, reused after, removable.</summary>
[Collection(PodmanTests.Collection)]
public sealed class NvdVolumeInPodmanTests(TestImage image)
{
    [Fact]
    public void TheVolumeIsCreatedOnceThenReused()
    {
        var volume = $"workload-test-nvd-{Guid.NewGuid():N}"[..30];
        using var test = TestContext.Create(TestPaths.Repository, new Dictionary<string, string> { ["nvdDataVolume"] = volume });
        var scan = new Workload.Validation.DependencyCheckScan(test.Context);
        var inspect = () => test.Context.DockerVolumeExists(image.Engine.Apply(new DockerVolumeInspectSettings()), volume);
        try
        {
            Assert.False(inspect());

            scan.PrepareDataVolume(image.Engine);
            Assert.True(inspect());
            scan.PrepareDataVolume(image.Engine);

            Assert.Contains($"Creating volume {volume}", test.Log.Text, StringComparison.Ordinal);
            Assert.Contains($"Reusing the NVD data in volume {volume}", test.Log.Text, StringComparison.Ordinal);
        }
        finally
        {
            test.Context.DockerVolumeRm(image.Engine.Apply(new DockerVolumeRmSettings { Force = true }), volume);
        }

        Assert.False(inspect());
    }
}
