using Workload.Secrets;
using Workload.Validation;

namespace Workload.Tests.Validation;

public sealed class StepSummaryTests : IDisposable
{
    private readonly string _work = TestPaths.NewDirectory("workload-step-summary");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void MarkdownIsAppendedMaskedWhenGitHubActionsNamesAFile()
    {
        var file = Path.Combine(_work, "summary.md");
        File.WriteAllText(file, "# Before\n");
        using var test = TestContext.Create(_work, variables: new Dictionary<string, string> { [StepSummary.Variable] = file });
        var masker = new SecretMasker();
        masker.Register("s3cr3t-value");

        StepSummary.Append(test.Context, masker, "### Check\n\nkey s3cr3t-value");

        Assert.Equal("# Before\n### Check\n\nkey ***\n\n", File.ReadAllText(file).Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void NothingIsWrittenOutsideGitHubActions()
    {
        using var test = TestContext.Create(_work, variables: new Dictionary<string, string> { [StepSummary.Variable] = string.Empty });

        StepSummary.Append(test.Context, new SecretMasker(), "### Check");

        Assert.Empty(Directory.EnumerateFiles(_work));
    }
}
