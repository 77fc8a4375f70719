namespace Workload.Configuration;

/// <summary>The workload's passwords: read only from the environment, masked everywhere, never written to state.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("Secrets", "Password of the Jenkins admin user. Set: the setup wizard is skipped and this admin is created (Configuration as Code). Unset: the wizard stays and its initial password file is named, never printed. Required by JenkinsPipeline (so by Deploy), which configures Jenkins as this admin.")]
    [Secret]
    public Secret? JenkinsAdminPassword { get; init; }

    [Setting("Secrets", "Password of Grafana's admin user; required by Monitoring and GrafanaDashboard (never admin/admin).")]
    [Secret]
    public Secret? GrafanaAdminPassword { get; init; }
}
