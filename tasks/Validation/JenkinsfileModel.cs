using System.Text.RegularExpressions;
using Workload.Configuration;

namespace Workload.Validation;

/// <summary>
/// The values templates/Jenkinsfile is rendered with. They end up inside single-quoted shell and Groovy strings,
/// so <see cref="Problems"/> refuses values that could break out of them.
/// </summary>
public sealed partial record JenkinsfileModel(
    string? PythonVersion,
    bool VenvSystemSitePackages,
    string PipOptions,
    string UnitTestPath,
    string AppDirectory,
    string EnvironmentFile,
    string NvdCredentialsId,
    string DependencyCheckTool,
    int? FailOnCvss)
{
    /// <summary>The template's name under templates/.</summary>
    public const string Template = "Jenkinsfile";

    /// <summary>The model of the current settings.</summary>
    public static JenkinsfileModel From(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var pip = settings.PipNoIndex ? " --no-index" : string.Empty;
        if (settings.PipIndexUrl is not null)
        {
            pip += $" --index-url {settings.PipIndexUrl}";
            if (Application.AppBuild.TrustedHost(settings.PipIndexUrl) is { } host)
            {
                pip += $" --trusted-host {host}";
            }
        }

        return new JenkinsfileModel(
            settings.PythonVersion,
            settings.VenvSystemSitePackages,
            pip,
            settings.UnitTestPath,
            settings.AppDirectory,
            settings.AppEnvironmentFile,
            settings.JenkinsNvdCredentialsId,
            settings.JenkinsDependencyCheckTool,

            // 11 means "never fail": the pipeline then only reports, like the tutorial's.
            settings.CvssThreshold <= 10 ? settings.CvssThreshold : null);
    }

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
            ("jenkinsNvdCredentialsId", settings.JenkinsNvdCredentialsId),
            ("jenkinsDependencyCheckTool", settings.JenkinsDependencyCheckTool),
            ("unitTestPath", settings.UnitTestPath),
        })
        {
            if (!PlainWord().IsMatch(value))
            {
                yield return $"{key}: got \"{value}\", expected letters, digits, spaces and . _ - / @ only (it goes into quoted strings of the Jenkinsfile)";
            }
        }
    }

    [GeneratedRegex("^/[A-Za-z0-9._/-]*$")]
    private static partial Regex AbsolutePath();

    [GeneratedRegex("^[A-Za-z0-9._/@ -]+$")]
    private static partial Regex PlainWord();
}
