using Workload.Configuration;
using Workload.Context;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Platform;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(ConfigurePython))]
[TaskDescription("Installs the app's Python (pythonVersion, or the one chosen for the host) with venv and pip, without touching the system python3.")]
[IsDependentOn(typeof(InstallJenkins))]
public sealed class ConfigurePython : HostTask
{
    protected override HostRole Role => HostRole.Jenkins;

    protected override async Task<IReadOnlyList<Resource>> ResourcesAsync(WorkloadContext context, IHostShell host)
    {
        var choices = await context.JenkinsHostChoicesAsync(host).ConfigureAwait(false);
        return PythonResources(context.Settings, choices);
    }

    /// <summary>The chosen Python's packages, with the deadsnakes PPA when they come from there (Ubuntu without that Python).</summary>
    public static IReadOnlyList<Resource> PythonResources(Configuration.WorkloadSettings settings, JenkinsHostChoices choices)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(choices);
        var python = choices.Python;
        if (!python.Deadsnakes)
        {
            return [new AptPackages(python.Packages)];
        }

        var ppa = AptRepository.Create("deadsnakes", settings.DeadsnakesKeyUrl, settings.DeadsnakesKeyFingerprint, settings.DeadsnakesRepositoryUrl, $"{choices.Os.Codename} main");
        return [.. ppa, new AptPackages(python.Packages, refreshAfter: ppa)];
    }

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var python = "python" + (await context.JenkinsHostChoicesAsync(host).ConfigureAwait(false)).Python.Version;
        var check = $"set -e; d=$(mktemp -d); trap 'rm -rf \"$d\"' EXIT; {python} -m venv \"$d/venv\"; \"$d/venv/bin/python\" -m pip --version";
        (await host.RunAsync(check, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(host.Name, $"Creating a venv with {python} and running its pip");
    }
}
