using YamlDotNet.RepresentationModel;

namespace Workload.Tests.Validation;

/// <summary>
/// The workflows in .github/workflows parse and have what GitHub's workflow schema requires: <c>on</c>, and
/// <c>jobs</c> whose every job has <c>runs-on</c> and <c>steps</c>, every step <c>uses</c> or <c>run</c>, not both.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly string Workflows = Path.Combine(TestPaths.Repository, ".github", "workflows");

    public static TheoryData<string> Files() => [.. Directory.EnumerateFiles(Workflows, "*.yml").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Files))]
    public void EachWorkflowHasTheSchemasRequiredKeys(string file)
    {
        var root = Load(file);

        Assert.True(root.Children.ContainsKey(new YamlScalarNode("on")), $"{file}: no 'on'");
        var jobs = Assert.IsType<YamlMappingNode>(root["jobs"]);
        Assert.NotEmpty(jobs.Children);
        foreach (var (name, node) in jobs.Children)
        {
            var job = Assert.IsType<YamlMappingNode>(node);
            Assert.True(job.Children.ContainsKey(new YamlScalarNode("runs-on")), $"{file}: job {name} has no runs-on");
            var steps = Assert.IsType<YamlSequenceNode>(job["steps"]);
            Assert.NotEmpty(steps.Children);
            foreach (var step in steps.Children.Cast<YamlMappingNode>())
            {
                var uses = step.Children.ContainsKey(new YamlScalarNode("uses"));
                var run = step.Children.ContainsKey(new YamlScalarNode("run"));
                Assert.True(uses ^ run, $"{file}: job {name} has a step with {(uses ? "both uses and run" : "neither uses nor run")}");
            }
        }
    }

    [Fact]
    public void CiBuildsAndRunsTheReadmesTestCommand()
    {
        var runs = Runs(Load("ci.yml"));

        Assert.Contains(runs, r => r.Contains("dotnet build", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("./test.sh", StringComparison.Ordinal) && r.StartsWith("sudo", StringComparison.Ordinal));
    }

    [Fact]
    public void TheScheduledWorkflowValidatesAndChecksForDrift()
    {
        var root = Load("scheduled.yml");
        var on = Assert.IsType<YamlMappingNode>(root["on"]);
        var cron = ((YamlScalarNode)((YamlMappingNode)((YamlSequenceNode)on["schedule"]).Children[0])["cron"]).Value!;
        Assert.Equal(5, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(on.Children.ContainsKey(new YamlScalarNode("workflow_dispatch")));

        var runs = Runs(root);
        Assert.Contains(runs, r => r.Contains("./build.sh --target=Validate --app=", StringComparison.Ordinal));
        Assert.Contains(runs, r => r.Contains("./build.sh --target=Deploy --plan", StringComparison.Ordinal) && r.Contains("GITHUB_STEP_SUMMARY", StringComparison.Ordinal));
        var text = File.ReadAllText(Path.Combine(Workflows, "scheduled.yml"));
        Assert.Contains("secrets.AWS_ACCESS_KEY_ID", text, StringComparison.Ordinal);
        Assert.Contains("role-to-assume: ${{ vars.AWS_ROLE_ARN }}", text, StringComparison.Ordinal);
        Assert.Contains("id-token: write", text, StringComparison.Ordinal);
        Assert.Contains(runs, r => r.Contains("--reportFile=artifacts/plan.json", StringComparison.Ordinal));
        Assert.Contains("path: artifacts/", text, StringComparison.Ordinal);
    }

    private static YamlMappingNode Load(string file)
    {
        using var reader = new StreamReader(Path.Combine(Workflows, file));
        var stream = new YamlStream();
        stream.Load(reader);
        return Assert.IsType<YamlMappingNode>(Assert.Single(stream.Documents).RootNode);
    }

    private static List<string> Runs(YamlMappingNode root) =>
        ((YamlMappingNode)root["jobs"]).Children.Values
            .SelectMany(job => ((YamlSequenceNode)((YamlMappingNode)job)["steps"]).Children.Cast<YamlMappingNode>())
            .Where(step => step.Children.ContainsKey(new YamlScalarNode("run")))
            .Select(step => ((YamlScalarNode)step["run"]).Value!)
            .ToList();
}
