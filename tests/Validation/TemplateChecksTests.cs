using Cake.Core;
using Workload.Validation;

namespace Workload.Tests.Validation;

/// <summary>The template-check mechanism, on templates of the tests' own in a templates directory.</summary>
public sealed class TemplateChecksTests : IDisposable
{
    private readonly string _work = TestPaths.NewDirectory("workload-template-checks");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string Templates => Path.Combine(_work, "templates");

    [Fact]
    public void AGoodTemplatePassesItsCheckerHere()
    {
        Template("test/hello.sh", "echo \"{{ greeting }}\"\n");
        using var test = Context();

        var result = Assert.Single(TemplateChecks.Check(test.Context, [ShellCheck(new { Greeting = "hi" })]));

        Assert.Equal(TemplateCheckOutcome.Passed, result.Outcome);
        Assert.EndsWith("/hello.sh (here)", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ABrokenTemplateFailsTheTaskWithTheCheckersWords()
    {
        Template("test/hello.sh", "if then {{ greeting }}\n");
        using var test = Context();

        var error = Assert.Throws<CakeException>(() => TemplateChecks.Check(test.Context, [ShellCheck(new { Greeting = "hi" })]));

        Assert.Contains("test/hello.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("exited with 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("Syntax error", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASampleWithoutATemplatesVariableFails()
    {
        Template("test/hello.sh", "echo \"{{ greeting }}\"\n");
        using var test = Context();

        var error = Assert.Throws<CakeException>(() => TemplateChecks.Check(test.Context, [ShellCheck(new { Other = 1 })]));

        Assert.Contains("does not render with the sample values", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoTemplatesYetIsSaidAndIsNoFailure()
    {
        using var test = Context();

        var results = TemplateChecks.Check(test.Context, [ShellCheck(new { Greeting = "hi" })]);

        Assert.Equal(TemplateCheckOutcome.Absent, Assert.Single(results).Outcome);
        Assert.Contains("No templates to check yet: none of test/hello.sh is in templates/", test.Log.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingCheckerIsAWarningThatSaysWhatToInstall()
    {
        Template("test/hello.sh", "echo hi\n");
        using var test = Context();
        var check = new TemplateCheck("test/hello.sh", "no-such-checker", "the no-such-checker package", new { }, dir => ["no-such-checker", $"{dir}/hello.sh"]);

        var result = Assert.Single(TemplateChecks.Check(test.Context, [check]));

        Assert.Equal(TemplateCheckOutcome.NotChecked, result.Outcome);
        Assert.Contains("install the no-such-checker package, or set templateCheckImage", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCatalogNamesACheckerForEachTemplateOfTheHostTasks()
    {
        Assert.Equal(
            [("nginx/microblog.conf", "nginx"), ("sudoers/microblog-jenkins", "visudo"), ("prometheus/prometheus.yml", "promtool")],
            TemplateChecks.Catalog.Select(c => (c.Template, c.Tool)));
        Assert.Equal(["visudo", "-c", "-f", "/check/microblog-jenkins"], TemplateChecks.Catalog[1].Command("/check"));
        Assert.Equal(["promtool", "check", "config", "/check/prometheus.yml"], TemplateChecks.Catalog[2].Command("/check"));
    }

    private static TemplateCheck ShellCheck(object sample) =>
        new("test/hello.sh", "sh", "dash", sample, dir => ["sh", "-n", $"{dir}/hello.sh"]);

    private void Template(string name, string content)
    {
        var path = Path.Combine(Templates, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private TestContext Context()
    {
        Directory.CreateDirectory(Templates);
        return TestContext.Create(_work, new Dictionary<string, string> { ["templatesDirectory"] = Templates });
    }
}

/// <summary>The catalog's real nginx and visudo checks, in the test image, on templates of the tests' own.</summary>
[Collection(PodmanTests.Collection)]
public sealed class TemplateChecksInContainerTests(TestImage image) : IDisposable
{
    private readonly string _work = TestPaths.NewDirectory("workload-template-checks");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void TheToolsOwnTemplatesPassNginxVisudoAndPromtoolInTheImage()
    {
        using var test = Context();

        var results = TemplateChecks.Check(test.Context, TemplateChecks.Catalog);

        Assert.Equal(
            [TemplateCheckOutcome.Passed, TemplateCheckOutcome.Passed, TemplateCheckOutcome.Passed],
            results.Select(r => r.Outcome));
        Assert.Contains($"(in {image.Name})", results[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenTemplatesFailNginxAndVisudoInTheImage()
    {
        var builtIn = new Workload.Templates.TemplateRenderer();
        Template("nginx/microblog.conf", builtIn.ReadSource("nginx/microblog.conf").Replace("$host;", "$host", StringComparison.Ordinal));
        Template("sudoers/microblog-jenkins", builtIn.ReadSource("sudoers/microblog-jenkins").Replace("NOPASSWD:", "NOPASSWD", StringComparison.Ordinal));
        using var test = Context();

        var error = Assert.Throws<CakeException>(() => TemplateChecks.Check(test.Context, TemplateChecks.Catalog));

        Assert.Contains("nginx/microblog.conf: nginx -t", error.Message, StringComparison.Ordinal);
        Assert.Contains("sudoers/microblog-jenkins: visudo -c -f /check/microblog-jenkins", error.Message, StringComparison.Ordinal);
        Assert.Contains("syntax error", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private void Template(string name, string content)
    {
        var path = Path.Combine(_work, "templates", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private TestContext Context()
    {
        Directory.CreateDirectory(Path.Combine(_work, "templates"));

        // An empty PATH: the checkers must come from the image, whatever this machine has installed.
        var test = TestContext.Create(
            _work,
            new Dictionary<string, string> { ["templatesDirectory"] = Path.Combine(_work, "templates"), ["templateCheckImage"] = image.Name },
            new Dictionary<string, string> { ["PATH"] = _work });
        test.Context.ContainerEngine = image.Engine;
        return test;
    }
}
