namespace Workload.Configuration;

/// <summary>Settings of the local checks (Validate and its parts) and of the Jenkinsfile the tool writes.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("Validation", "Container engine for the app's checks: auto (Docker when its daemon answers, else Podman), docker or podman.")]
    [OneOf("auto", "docker", "podman")]
    public string ContainerEngine { get; init; } = "auto";

    [Setting("Validation", "Image the app's unit tests run in; unset: docker.io/library/python:<pythonVersion>-slim (3.9, the workload's, when pythonVersion is unset). It needs python3 with venv, and tar.")]
    [Format(ValueFormat.ImageReference)]
    public string? PythonImage { get; init; }

    [Setting("Validation", "The app's unit tests, relative to its repository (what the Jenkins Test stage runs).")]
    [Format(ValueFormat.RelativePath)]
    public string UnitTestPath { get; init; } = "tests/unit";

    [Setting("Validation", "Run the OWASP Dependency-Check scan as part of Validate.")]
    public bool DependencyCheck { get; init; } = true;

    [Setting("Validation", "OWASP Dependency-Check image. Older releases cannot read the NVD API any more, so it tracks the latest by default.")]
    [Format(ValueFormat.ImageReference)]
    public string OwaspImage { get; init; } = "docker.io/owasp/dependency-check:latest";

    [Setting("Validation", "Named volume that keeps Dependency-Check's NVD data between scans (created when missing, reused after).")]
    [Format(ValueFormat.VolumeName)]
    public string NvdDataVolume { get; init; } = "workload-dependency-check-data";

    [Setting("Validation", "OwaspScan fails when a vulnerability's CVSS score is this or higher (0-10; 11 never fails).")]
    [Range(0, 11)]
    public int CvssThreshold { get; init; } = 7;

    [Setting("Validation", "NVD API key for Dependency-Check's data updates; without one the first update takes hours. Request one at https://nvd.nist.gov/developers/request-an-api-key.")]
    [Secret]
    public Secret? NvdApiKey { get; init; }

    [Setting("Validation", "Image with nginx, visudo and promtool for the template checks where those tools are not installed here; unset: only local tools.")]
    [Format(ValueFormat.ImageReference)]
    public string? TemplateCheckImage { get; init; }

    [Setting("Validation", "Where the checks write their reports (JUnit XML, Dependency-Check reports).")]
    [Format(ValueFormat.Path)]
    public string ArtifactsDirectory { get; init; } = "artifacts";

    [Setting("Jenkinsfile", "ID of the Jenkins secret-text credential holding the NVD API key (JenkinsPipeline makes it from nvdApiKey; letters, digits and . _ - as Jenkins requires).")]
    [Format(ValueFormat.JenkinsId)]
    public string JenkinsNvdCredentialsId { get; init; } = "nvd-api-key";

    [Setting("Jenkinsfile", "Name of the Dependency-Check installation in Jenkins (Manage Jenkins > Tools).")]
    [Format(ValueFormat.JenkinsName)]
    public string JenkinsDependencyCheckTool { get; init; } = "DP-Check";

    [Setting("Jenkinsfile", "Path of the Jenkinsfile in the app repository: where the Jenkinsfile target writes it and where the job reads it.")]
    [Format(ValueFormat.RelativePath)]
    public string JenkinsfilePath { get; init; } = "Jenkinsfile";

    [Setting("Jenkinsfile", "Python packages the pipeline's Build stage installs for its Test stage, besides requirements.txt and appExtraPackages.")]
    [Format(ValueFormat.PipRequirement)]
    public List<string> JenkinsTestPackages { get; init; } = ["pytest"];

    /// <summary>The image the unit tests run in: the setting, or the official Python image of the workload's version.</summary>
    public string PythonImageOrDefault => PythonImage ?? $"docker.io/library/python:{PythonVersion ?? Platform.JenkinsHostChoices.WorkloadPython}-slim";
}
