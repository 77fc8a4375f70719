using System.Text.RegularExpressions;
using Workload.Application;
using Workload.Configuration;
using Workload.Hosts;

namespace Workload.Validation;

/// <summary>
/// The values templates/Jenkinsfile is rendered with. They end up inside single-quoted shell and Groovy strings
/// (where Groovy still reads backslashes), so <see cref="Problems"/> refuses values that could break out of them.
/// </summary>
public sealed partial record JenkinsfileModel(
    string PythonVersion,
    bool VenvSystemSitePackages,
    string PipOptions,
    string Packages,
    string ExtraPackages,
    string ExtraPackagesShown,
    string TestPackagesShown,
    string UnitTestPath,
    string AppDirectory,
    string EnvironmentFile,
    string NvdCredentialsId,
    string DependencyCheckTool,
    int? FailOnCvss,
    string DeployBranch,
    string BuildFingerprint)
{
    /// <summary>The template's name under templates/.</summary>
    public const string Template = "Jenkinsfile";

    /// <summary>The model of the current settings.</summary>
    public static JenkinsfileModel From(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);

        // The same build as the App task's: the pipeline's venv and its deploy must match what the tool installs.
        var build = AppBuild.From(settings);
        var pip = build.PipOptions() is { Length: > 0 } options ? " " + options : string.Empty;
        string Quoted(IEnumerable<string> packages) => string.Join(' ', packages.Select(Shell.Quote));
        string Shown(IReadOnlyList<string> packages) => packages.Count == 0 ? "nothing more" : string.Join(", ", packages);
        return new JenkinsfileModel(
            settings.PythonVersion,
            settings.VenvSystemSitePackages,
            pip,
            Quoted(settings.AppExtraPackages.Concat(settings.JenkinsTestPackages)),
            Quoted(settings.AppExtraPackages),
            Shown(settings.AppExtraPackages),
            Shown(settings.JenkinsTestPackages),
            settings.UnitTestPath,
            settings.AppDirectory,
            settings.AppEnvironmentFile,
            settings.JenkinsNvdCredentialsId,
            settings.JenkinsDependencyCheckTool,

            // 11 means "never fail": the pipeline then only reports, like the tutorial's.
            settings.CvssThreshold <= 10 ? settings.CvssThreshold : null,
            TrackedBranch(settings),
            build.Fingerprint());
    }

    /// <summary>
    /// The branch the tool tracks, which is the one the pipeline deploys and whose build the tool reads back: appRef,
    /// or main when appRef pins a commit.
    /// </summary>
    public static string TrackedBranch(WorkloadSettings settings) =>
        IsCommit(settings.AppRef) ? "main" : settings.AppRef;

    /// <summary>Each setting whose value cannot go into the Jenkinsfile, with what is expected.</summary>
    public static IEnumerable<string> Problems(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach (var (key, value) in new[]
        {
            ("appDirectory", settings.AppDirectory),
            ("appEnvironmentFile", settings.AppEnvironmentFile),
        })
        {
            if (!AbsolutePath().IsMatch(value))
            {
                yield return $"{key}: got \"{value}\", expected an absolute path on the Jenkins host (letters, digits, . _ - / only)";
            }
        }

        foreach (var (key, value) in new[]
        {
            ("jenkinsDependencyCheckTool", settings.JenkinsDependencyCheckTool),
            ("unitTestPath", settings.UnitTestPath),
        })
        {
            if (!PlainWord().IsMatch(value))
            {
                yield return $"{key}: got \"{value}\", expected letters, digits, spaces and . _ - / @ only (it goes into quoted strings of the Jenkinsfile)";
            }
        }

        if (!CredentialId().IsMatch(settings.JenkinsNvdCredentialsId))
        {
            yield return $"jenkinsNvdCredentialsId: got \"{settings.JenkinsNvdCredentialsId}\", expected letters, digits and . _ - only (Jenkins refuses any other character in a credential ID)";
        }

        if (!RelativePath().IsMatch(settings.JenkinsfilePath) || settings.JenkinsfilePath.Split('/').Any(s => s is "." or ".."))
        {
            yield return $"jenkinsfilePath: got \"{settings.JenkinsfilePath}\", expected a path inside the app repository such as Jenkinsfile or ci/Jenkinsfile (letters, digits, . _ - and /, no . or .. segments)";
        }

        if (!BranchName().IsMatch(TrackedBranch(settings)) || TrackedBranch(settings).Contains("..", StringComparison.Ordinal))
        {
            yield return $"appRef: got \"{settings.AppRef}\", expected a branch, tag or commit name (letters, digits and . _ - / only): the pipeline deploys that branch";
        }

        foreach (var (key, packages) in new[] { ("appExtraPackages", settings.AppExtraPackages), ("jenkinsTestPackages", settings.JenkinsTestPackages) })
        {
            foreach (var package in packages.Where(p => !Requirement().IsMatch(p)))
            {
                yield return $"{key}: got \"{package}\", expected a pip requirement such as gunicorn or pytest>=8 (letters, digits and . _ - [ ] , < > = ! ~ only)";
            }
        }

        if (settings.PipIndexUrl is { } index && index.IndexOfAny(['\'', '\\']) >= 0)
        {
            yield return $"pipIndexUrl: got \"{index}\", expected a URL without quotes or backslashes (it goes into the Jenkinsfile's shell steps)";
        }
    }

    private static bool IsCommit(string reference) => reference.Length == 40 && reference.All(char.IsAsciiHexDigit);

    [GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex("^[A-Za-z0-9._/@ -]+$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex CredentialId();

    [GeneratedRegex("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")]
    private static partial Regex RelativePath();

    [GeneratedRegex("^[A-Za-z0-9._/-]+$")]
    private static partial Regex BranchName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-\[\],<>=!~]*$")]
    private static partial Regex Requirement();
}
