using Cake.Core;
using Cake.Core.IO;

namespace Workload.Tests.Validation;

/// <summary>
/// The real environment with a working directory of its own and some variables replaced or added (a PATH, a
/// secret, GITHUB_STEP_SUMMARY), so that tests running side by side never change the process's own state:
/// Cake's environment would change the process's current directory.
/// </summary>
internal sealed class TestEnvironment(ICakeEnvironment inner, DirectoryPath workingDirectory, IReadOnlyDictionary<string, string> overrides)
    : ICakeEnvironment
{
    public DirectoryPath WorkingDirectory { get; set; } = workingDirectory;

    public DirectoryPath ApplicationRoot => inner.ApplicationRoot;

    public DirectoryPath UserHomeDirectory => inner.UserHomeDirectory;

    public ICakePlatform Platform => inner.Platform;

    public ICakeRuntime Runtime => inner.Runtime;

    public DirectoryPath GetSpecialPath(SpecialPath path) => inner.GetSpecialPath(path);

    public string GetEnvironmentVariable(string variable) =>
        overrides.TryGetValue(variable, out var value) ? value : inner.GetEnvironmentVariable(variable);

    public IDictionary<string, string> GetEnvironmentVariables()
    {
        var all = new Dictionary<string, string>(inner.GetEnvironmentVariables(), StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            all[key] = value;
        }

        return all;
    }
}
