using Cake.Core.Diagnostics;
using Workload.Configuration;
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
    public static async Task<JenkinsHostChoices> ChooseAsync(WorkloadContext context, IHostShell host)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        var asked = new List<string>();
        if (settings.JavaPackage is { } java)
        {
            asked.Add(java);
        }

        if (settings.PythonVersion is { } python)
        {
            asked.AddRange([$"python{python}", $"python{python}-venv"]);
        }

        var facts = await JenkinsHostFacts.ReadAsync(host, settings.JenkinsRepositoryUrl, asked, context.CancellationToken).ConfigureAwait(false);
        var choices = JenkinsHostChoices.Choose(facts, settings.JavaPackage, settings.PythonVersion);
        context.Log.Information("jenkins host ({0}): Java: {1}", choices.Os, choices.Java.Reason);
        context.Log.Information("jenkins host ({0}): Python: {1}", choices.Os, choices.Python.Reason);

        var needed = new List<Download>();
        if (choices.Java.Source == JavaSource.Temurin && !facts.Sources.Contains("adoptium"))
        {
            needed.AddRange(TemurinDownloads(context, choices.Os.Codename));
        }

        if (choices.Python.Deadsnakes && !facts.Sources.Contains("deadsnakes"))
        {
            needed.AddRange(DeadsnakesDownloads(context, choices.Os.Codename));
        }

        await HostDownloadCheck.RequireReachableAsync(host, settings, needed, context.CancellationToken).ConfigureAwait(false);
        return choices;
    }

    /// <summary>Eclipse Temurin's key and repository, as InstallJenkins adds them.</summary>
    public static IEnumerable<Download> TemurinDownloads(WorkloadContext context, string codename)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        return Download.SignedAptRepository(("temurinKeyUrl", settings.TemurinKeyUrl), ("temurinRepositoryUrl", settings.TemurinRepositoryUrl), $"{codename} main", "Eclipse Temurin (Java for Jenkins)", HostRole.Jenkins);
    }

    /// <summary>The deadsnakes PPA's key and repository, as ConfigurePython adds them.</summary>
    public static IEnumerable<Download> DeadsnakesDownloads(WorkloadContext context, string codename)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        return Download.SignedAptRepository(("deadsnakesKeyUrl", settings.DeadsnakesKeyUrl), ("deadsnakesRepositoryUrl", settings.DeadsnakesRepositoryUrl), $"{codename} main", "the deadsnakes PPA (Python for the app)", HostRole.Jenkins);
    }
}
