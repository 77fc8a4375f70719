namespace Workload.Configuration;

/// <summary>Settings shared by the app on its host and the app's checks in containers.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("App", "A local checkout of the app repository: what Validate checks, and what the App task deploys instead of cloning appRepository.")]
    [Format(ValueFormat.MountableDirectory)]
    public string? App { get; init; }

    [Setting("Python", "Python version for the app's venv and its checks (the workload's is 3.9, end-of-life since October 2025; its pinned requirements install on 3.9 to 3.11).")]
    [Format(ValueFormat.Version)]
    public string PythonVersion { get; init; } = "3.9";

    [Setting("Python", "pip index URL for the app's requirements (a PyPI mirror); unset: pip's default, PyPI.")]
    [Format(ValueFormat.PlainUrl)]
    public string? PipIndexUrl { get; init; }

    [Setting("Python", "Install requirements with pip --no-index: only what is already installed (for hosts without PyPI; combine with venvSystemSitePackages).")]
    public bool PipNoIndex { get; init; }

    [Setting("Python", "Create the app's venv with --system-site-packages, so distribution packages can satisfy its requirements.")]
    public bool VenvSystemSitePackages { get; init; }
}
