using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Frosting;

namespace Workload;

/// <summary>A task that needs settings beyond the defaults (a secret, an address) says so before the run starts.</summary>
public interface IHasRequirements
{
    /// <summary>One message per unmet requirement, each naming the setting; empty when all is there.</summary>
    IEnumerable<string> UnmetRequirements(WorkloadContext context);
}

/// <summary>
/// Before the first task: checks what the selected tasks require of the settings, so that a missing secret
/// stops the run before any host is touched. After the last: releases the hosts.
/// </summary>
public sealed class WorkloadLifetime(IEnumerable<IFrostingTask> tasks) : FrostingLifetime<WorkloadContext>
{
    public override void Setup(WorkloadContext context, ISetupContext info)
    {
        context.Log.Verbose("Configuration: {0}", context.Settings.ConfigFile ?? "no file (defaults, environment and arguments)");
        var selected = info.TasksToExecute.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var problems = tasks
            .Where(task => selected.Contains(TaskMetadata.NameOf(task.GetType())))
            .OfType<IHasRequirements>()
            .SelectMany(task => task.UnmetRequirements(context))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems);
        }

        // Every download the selected tasks need, checked from where it is fetched before anything is created.
        Downloads.DownloadPreflight.Check(context, tasks
            .Where(task => selected.Contains(TaskMetadata.NameOf(task.GetType())))
            .OfType<Downloads.IDeclaresDownloads>());
    }

    public override void Teardown(WorkloadContext context, ITeardownContext info)
    {
        // The benchmark (benchmarks/noop-rerun.sh) reads this line: what checking and changing the hosts cost.
        if (context.Hosts.RoundTrips > 0)
        {
            context.Log.Information("SSH round trips: {0} (commands and uploads, after connecting and taking each host's lock)", context.Hosts.RoundTrips);
        }

        context.ReleaseHosts();
    }
}
