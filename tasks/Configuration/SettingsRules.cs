namespace Workload.Configuration;

/// <summary>Checks that span several settings, run once every value is known.</summary>
public static class SettingsRules
{
    public static void Check(WorkloadSettings settings, List<string> problems)
    {
        if (settings.Provider == "existing")
        {
            if (settings.JenkinsAddress is null)
            {
                problems.Add("jenkinsAddress: required when provider=existing (the address the tool connects to for the Jenkins host)");
            }

            if (settings.MonitoringAddress is null)
            {
                problems.Add("monitoringAddress: required when provider=existing (the address the tool connects to for the monitoring host)");
            }
        }

        AwsSettingsRules.Check(settings, problems);
    }
}
