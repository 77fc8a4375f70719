using Workload.Hosts;
using Workload.Platform;

namespace Workload;

/// <summary>The Jenkins host's OS-dependent choices, made once per run and shared by the tasks that need them.</summary>
public partial class WorkloadContext
{
    private Task<JenkinsHostChoices>? _jenkinsHostChoices;

    /// <summary>
    /// The Java runtime and Python the Jenkins host gets, chosen from its facts on first use (one round trip) and
    /// kept for the rest of the run: InstallJenkins, ConfigurePython and App agree on them.
    /// </summary>
    public Task<JenkinsHostChoices> JenkinsHostChoicesAsync(IHostShell host) =>
        _jenkinsHostChoices ??= JenkinsHostPlatform.ChooseAsync(this, host);
}
