using Cake.Common.Build;
using Cake.Core;
using Workload.Secrets;

namespace Workload.Validation;

/// <summary>
/// The job summary of a GitHub Actions run: Markdown appended to the file <c>GITHUB_STEP_SUMMARY</c> names,
/// when it names one, by Cake.Common's own GitHub Actions command; secrets masked as in the log.
/// </summary>
public static class StepSummary
{
    /// <summary>The variable GitHub Actions sets to the summary file of the running step.</summary>
    public const string Variable = "GITHUB_STEP_SUMMARY";

    /// <summary>Appends <paramref name="markdown"/>; does nothing outside GitHub Actions.</summary>
    public static void Append(ICakeContext context, SecretMasker masker, string markdown)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(masker);
        var path = context.Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        // The command appends a line; the blank line after it keeps the next section apart.
        context.GitHubActions().Commands.SetStepSummary(masker.Apply(markdown.TrimEnd() + Environment.NewLine));
    }
}
