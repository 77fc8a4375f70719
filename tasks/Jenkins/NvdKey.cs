using Workload.Configuration;

namespace Workload.Jenkins;

/// <summary>The NVD API key Dependency-Check uses: where JenkinsPipeline puts it on the Jenkins host, and where it is, for the summary.</summary>
public static class NvdKey
{
    /// <summary>Where the NVD API key lives on the Jenkins host (root only), from which the credential is set.</summary>
    public const string File = "/etc/jenkins/nvd-api-key";

    /// <summary>Where the NVD key lives, for the summary (never the key).</summary>
    public static string Whereabouts(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.NvdApiKey is null
            ? $"not set: Jenkins has no credential {settings.JenkinsNvdCredentialsId}, so the pipeline's OWASP stage fails (and without a key Dependency-Check's NVD download takes hours); set WORKLOAD_NVD_API_KEY"
            : $"environment WORKLOAD_NVD_API_KEY; on the jenkins host {File} (root, 0600) and Jenkins' credential {settings.JenkinsNvdCredentialsId} (Secret text)";
    }
}
