using Workload.Application;
using Workload.Configuration;

namespace Workload.Validation;

/// <summary>
/// The values templates/Jenkinsfile is rendered with. They end up inside single-quoted shell and Groovy strings
/// (where Groovy still reads backslashes): the settings' formats refuse values that could break out of them, and the
/// rendered file is checked for the template's shape.
/// </summary>
public sealed record JenkinsfileModel(
    string? PythonVersion,
    bool VenvSystemSitePackages,
    string PipOptions,
    IReadOnlyList<string> Packages,
    IReadOnlyList<string> ExtraPackages,
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

        // The same build as the App task's: the pipeline's venv and its deploy must match what the tool installs. The
        // Python is the setting's, or (unset) the one the pipeline finds as ConfigurePython chose it; the fingerprint
        // leaves it out.
        var build = AppBuild.From(settings, settings.PythonVersion ?? string.Empty);
        var pip = build.PipOptions(quoted: false) is { Length: > 0 } options ? " " + options : string.Empty;
        string Shown(IReadOnlyList<string> packages) => packages.Count == 0 ? "nothing more" : string.Join(", ", packages);
        return new JenkinsfileModel(
            settings.PythonVersion,
            settings.VenvSystemSitePackages,
            pip,
            [.. settings.AppExtraPackages, .. settings.JenkinsTestPackages],
            settings.AppExtraPackages,
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

    private static bool IsCommit(string reference) => reference.Length == 40 && reference.All(char.IsAsciiHexDigit);
}
