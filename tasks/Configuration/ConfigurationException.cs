namespace Workload.Configuration;

/// <summary>Bad configuration: every problem found, each naming the setting, the value and what was expected.</summary>
public sealed class ConfigurationException(IReadOnlyList<string> problems)
    : Exception(Format(problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;

    public ConfigurationException(string problem)
        : this([problem])
    {
    }

    private static string Format(IReadOnlyList<string> problems) =>
        problems.Count == 1
            ? $"Invalid configuration: {problems[0]}"
            : "Invalid configuration:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p));
}
