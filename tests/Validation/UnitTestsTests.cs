using System.Security.Cryptography;
using Workload.Validation;

namespace Workload.Tests.Validation;

/// <summary>The fixture app's tests in a real Podman container, through the tool's command line.</summary>
[Collection(PodmanTests.Collection)]
public sealed class UnitTestsTests(TestImage image) : IDisposable
{
    private readonly string _work = TestPaths.NewDirectory("workload-unit-tests-test");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void TheFixturesTestsPassInAContainerAndLeaveAJUnitReport()
    {
        var app = CopyOfFixture();
        var before = Snapshot(app);

        var exitCode = Run(app);

        Assert.Equal(0, exitCode);
        var summary = JUnitSummary.Load(Path.Combine(_work, "artifacts", AppUnitTests.ReportName));
        Assert.Equal((6, 0, 0), (summary.Tests, summary.Failures, summary.Errors));

        // The tests ran on a copy inside the container: the checkout is as it was, with no app.db.
        Assert.Equal(before, Snapshot(app));
        Assert.False(File.Exists(Path.Combine(app, "app.db")));
        Assert.Empty(LeftoverContainers());
    }

    [Fact]
    public void AFailingTestFailsTheTask()
    {
        var app = CopyOfFixture();
        File.WriteAllText(Path.Combine(app, "tests", "unit", "test_failing.py"), "def test_deliberately_failing():\n    assert 1 == 2\n");

        var exitCode = Run(app);

        Assert.Equal(1, exitCode);
        var summary = JUnitSummary.Load(Path.Combine(_work, "artifacts", AppUnitTests.ReportName));
        Assert.Equal((7, 1), (summary.Tests, summary.Failures));
        Assert.Equal("tests.unit.test_failing.test_deliberately_failing", Assert.Single(summary.Problems).Test);
        Assert.Empty(LeftoverContainers());
    }

    [Fact]
    public void AnAppThatCannotBeInstalledFailsWithoutAReport()
    {
        var app = CopyOfFixture();
        File.AppendAllText(Path.Combine(app, "requirements.txt"), "a-package-that-is-not-there==1.0\n");

        var exitCode = Run(app);

        Assert.Equal(1, exitCode);
        Assert.False(File.Exists(Path.Combine(_work, "artifacts", AppUnitTests.ReportName)));
    }

    private int Run(string app) => CommandLineRun.Run(
        _work,
        "--target=UnitTests",
        $"--app={app}",
        $"--pythonImage={image.Name}",
        "--containerEngine=podman",
        "--pipNoIndex",
        "--venvSystemSitePackages");

    private string CopyOfFixture()
    {
        var app = Path.Combine(_work, "app");
        TestPaths.Copy(TestPaths.Fixture, app);
        return app;
    }

    private static List<string> Snapshot(string directory) => Directory
        .EnumerateFiles(directory, "*", SearchOption.AllDirectories)
        .Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetRelativePath(directory, f)} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)))}")
        .ToList();

    private List<string> LeftoverContainers()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            image.Engine.Path.FullPath, ["ps", "--all", "--quiet", "--filter", "label=workload.check"]) { RedirectStandardOutput = true })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }
}
