using System.Runtime.CompilerServices;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Context;
using Workload.Downloads;
using Workload.Hosts;

namespace Workload.Platform;

/// <summary>
/// Reads the Jenkins host's facts, chooses its OS-dependent defaults, says in the run's output what it chose and
/// why, and checks from the host that the third-party repositories the choice needs can be fetched, all before any
/// task changes the host.
/// </summary>
public static class JenkinsHostPlatform
{
    private static readonly ConditionalWeakTable<WorkloadContext, Task<JenkinsHostChoices>> Chosen = new();

    /// <summary>
    /// The Java runtime and Python the Jenkins host gets, chosen from its facts on first use in a run (one round trip)
    /// and kept for the rest of it: InstallJenkins, ConfigurePython and App agree on them.
    /// </summary>
    public static Task<JenkinsHostChoices> JenkinsHostChoicesAsync(this WorkloadContext context, IHostShell host) =>
        Chosen.GetValue(context, run => ChooseAsync(run.Settings, run.Log, host, run.CancellationToken));

    public static async Task<JenkinsHostChoices> ChooseAsync(WorkloadSettings settings, ICakeLog log, IHostShell host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(log);
        var asked = new List<string>();
        if (settings.JavaPackage is { } java)
        {
            asked.Add(java);
        }

        if (settings.PythonVersion is { } python)
        {
            asked.AddRange([$"python{python}", $"python{python}-venv"]);
        }

        var facts = await JenkinsHostFacts.ReadAsync(host, settings.JenkinsRepositoryUrl, asked, cancellationToken).ConfigureAwait(false);
        var choices = JenkinsHostChoices.Choose(facts, settings.JavaPackage, settings.PythonVersion);
        log.Information("jenkins host ({0}): Java: {1}", choices.Os, choices.Java.Reason);
        log.Information("jenkins host ({0}): Python: {1}", choices.Os, choices.Python.Reason);

        var needed = new List<Download>();
        if (choices.Java.Source == JavaSource.Temurin && !facts.Sources.Contains("adoptium"))
        {
            needed.AddRange(TemurinDownloads(settings, choices.Os.Codename));
        }

        if (choices.Python.Deadsnakes && !facts.Sources.Contains("deadsnakes"))
        {
            needed.AddRange(DeadsnakesDownloads(settings, choices.Os.Codename));
        }

        await HostDownloadCheck.RequireReachableAsync(host, settings, needed, cancellationToken).ConfigureAwait(false);
        return choices;
    }

    /// <summary>Eclipse Temurin's key and repository, as InstallJenkins adds them.</summary>
    public static IEnumerable<Download> TemurinDownloads(WorkloadSettings settings, string codename)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Download.SignedAptRepository(("temurinKeyUrl", settings.TemurinKeyUrl), ("temurinRepositoryUrl", settings.TemurinRepositoryUrl), $"{codename} main", "Eclipse Temurin (Java for Jenkins)", HostRole.Jenkins);
    }

    /// <summary>The deadsnakes PPA's key and repository, as ConfigurePython adds them.</summary>
    public static IEnumerable<Download> DeadsnakesDownloads(WorkloadSettings settings, string codename)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Download.SignedAptRepository(("deadsnakesKeyUrl", settings.DeadsnakesKeyUrl), ("deadsnakesRepositoryUrl", settings.DeadsnakesRepositoryUrl), $"{codename} main", "the deadsnakes PPA (Python for the app)", HostRole.Jenkins);
    }
}
