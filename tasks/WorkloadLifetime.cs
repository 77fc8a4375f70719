using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Frosting;
using Workload.Preflight;

namespace Workload;

/// <summary>
/// Before the first task: the preflight (<see cref="PreflightChecks"/>), which finds every problem with the
/// settings, the files they name, the templates, what the selected tasks require and what the provider can do,
/// and reports them together before anything is written or contacted. After the last task: releases the hosts.
/// </summary>
public sealed class WorkloadLifetime(IEnumerable<IFrostingTask> tasks, IEnumerable<IPreflightCheck> preflightChecks) : FrostingLifetime<WorkloadContext>
{
    /// <summary>The checks every run asks, each layer's, in the order their problems are listed; then those registered in the host's services.</summary>
    public static IReadOnlyList<IPreflightCheck> BuiltInChecks { get; } =
    [
        new ConfigurationCheck(),
        new TargetsCheck(),
        new TaskRequirementsCheck(),
        new ReferencedFilesCheck(),
        new Observability.DashboardFileCheck(),
        new TemplateOverridesCheck(),
        new Observability.SavedPlanCheck(),
        new ProviderCheck(),
        new Downloads.DownloadPreflight(),
    ];

    public override void Setup(WorkloadContext context, ISetupContext info)
    {
        context.Log.Verbose("Configuration: {0}", context.Settings.ConfigFile ?? "no file (defaults, environment and arguments)");
        context.Journal.UseOrder(info.TasksToExecute.Select(t => t.Name));
        var mode = context.RunMode;
        var selected = mode.Targets is { } targets
            ? TaskMetadata.TasksToRun(tasks.Select(t => t.GetType()).ToList(), targets, mode.Exclusive)
            : info.TasksToExecute.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var scope = new PreflightScope(
            tasks.Where(task => selected.Contains(TaskMetadata.NameOf(task.GetType()))).ToList(),
            mode.DryRun);
        PreflightChecks.RunAsync(context, scope, BuiltInChecks.Concat(preflightChecks), context.CancellationToken).GetAwaiter().GetResult();
        if (!mode.DryRun)
        {
            // Every host the run configures is connected, locked and checked at once, while the first tasks start.
            context.Hosts.OpenInBackground(
                scope.Tasks.OfType<TaskBases.HostTask>().Select(t => t.ConfiguredHost),
                Hosts.SpeculativeReads.SelectionOf(scope.TaskNames),
                context.CancellationToken);
            Observability.SavedPlan.VerifyBeforeAnyTask(context, scope.Tasks, info.TasksToExecute.Select(t => t.Name).ToList());
        }
    }

    public override void Teardown(WorkloadContext context, ITeardownContext info)
    {
        // The benchmark (benchmarks/noop-rerun.sh) reads this line: what checking and changing the hosts cost.
        if (context.Hosts.RoundTrips > 0)
        {
            var hosts = string.Join(", ", context.Hosts.RoundTripsPerHost.Select(h => $"{h.Host} {h.RoundTrips} ({h.SpeculatedReads} {(h.SpeculatedReads == 1 ? "read" : "reads")} answered in the lock's round trip)"));
            context.Log.Information("SSH round trips: {0} (after connecting: each host's lock with its speculative checks, then commands and uploads; {1})", context.Hosts.RoundTrips, hosts);
        }

        Observability.JsonRunReport.WriteIfAsked(context, info.Successful ? null : info.ThrownException);
        Observability.GitHubActionsLog.AppendSummary(context);
        Observability.GitHubActionsLog.AnnotatePreflight(context, info.ThrownException);
        context.ReleaseHosts();
    }
}
