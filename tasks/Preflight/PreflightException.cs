namespace Workload.Preflight;

/// <summary>The preflight found problems: every one of them, and nothing was written or contacted.</summary>
public sealed class PreflightException(IReadOnlyList<string> problems) : Exception(Format(problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    private static string Format(IReadOnlyList<string> problems) =>
        (problems.Count == 1 ? "Nothing was changed; one problem to fix first:" : $"Nothing was changed; {problems.Count} problems to fix first:")
        + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p.Replace("\n", Environment.NewLine + "    ", StringComparison.Ordinal)));
}
