namespace Workload.Configuration;

/// <summary>Settings shared by the app on its host and the app's checks in containers.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("App", "A local checkout of the app repository: what Validate checks, and what the App task deploys instead of cloning appRepository.")]
    [Format(ValueFormat.MountableDirectory)]
    public string? App { get; init; }

    [Setting("Python", "Python version for the app's venv (such as 3.11); unset: chosen per host: the workload's 3.9 where the host can have it without building from source (its distribution, or the deadsnakes PPA on Ubuntu), else the distribution's own python3. A version the host cannot provide stops the run before any change.")]
    [Format(ValueFormat.Version)]
    public string? PythonVersion { get; init; }

    [Setting("Python", "pip index URL for the app's requirements (a PyPI mirror); unset: pip's default, PyPI. An http:// index is trusted as given (pip's --trusted-host).")]
    [Format(ValueFormat.PlainUrl)]
    public string? PipIndexUrl { get; init; }

    [Setting("Python", "Install requirements with pip --no-index: only what is already installed (for hosts without PyPI; combine with venvSystemSitePackages).")]
    public bool PipNoIndex { get; init; }

    [Setting("Python", "Create the app's venv with --system-site-packages, so distribution packages can satisfy its requirements.")]
    public bool VenvSystemSitePackages { get; init; }
}
