using Workload.Context;
using Workload.Frosting;

namespace Workload.Preflight;

/// <summary>When a preflight check runs.</summary>
public enum PreflightStage
{
    /// <summary>On this machine only (settings, files, templates): every local check runs, always.</summary>
    Local,

    /// <summary>
    /// Read-only calls to other systems (a cloud's API, download URLs): only when every local check passed, never in
    /// a dry run, and never a call that changes anything.
    /// </summary>
    Remote,
}

/// <summary>What the run is about to do, as a preflight check needs to know it.</summary>
/// <param name="Tasks">The tasks the run would execute (targets and their dependencies).</param>
/// <param name="DryRun">A dry run: it needs no secrets, and nothing is reached.</param>
public sealed record PreflightScope(IReadOnlyList<IFrostingTask> Tasks, bool DryRun)
{
    /// <summary>Whether a task of the run reaches a host or a provider (and so needs host settings, keys, the state file).</summary>
    public bool ReachesHosts => Tasks.Any(t => t is IReachesHosts);

    /// <summary>Whether the run executes a task of type <typeparamref name="T"/>.</summary>
    public bool Runs<T>() => Tasks.Any(t => t is T);

    /// <summary>The names of the run's tasks.</summary>
    public IEnumerable<string> TaskNames => Tasks.Select(t => TaskMetadata.NameOf(t.GetType()));
}

/// <summary>
/// One source of problems the preflight asks before anything is written or contacted. Every check of the run is
/// asked, and all their problems are reported together in one error (exit code 1). To add a check: implement this
/// interface and add it to <see cref="WorkloadLifetime.BuiltInChecks"/> (or register it with
/// <c>services.AddSingleton&lt;IPreflightCheck, YourCheck&gt;()</c> in the host's ConfigureServices).
/// </summary>
public interface IPreflightCheck
{
    PreflightStage Stage { get; }

    /// <summary>
    /// Each problem as one sentence that names the setting (or file) and says what was expected; empty when all is
    /// well. Reads only: it must not write a file, start a process that changes anything, or contact a host.
    /// </summary>
    Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken);
}

/// <summary>A task that reaches a host or a provider; local-only tasks (UnitTests, TemplateChecks, Jenkinsfile) do not.</summary>
public interface IReachesHosts
{
}

/// <summary>
/// A task that deletes what the provider made (Destroy): the preflight has it run alone, only where the provider
/// made the hosts, and without the provider's own preflight of the settings that made them.
/// </summary>
public interface IDestroysHosts
{
}

/// <summary>A task that uploads the grafanaDashboardFile (GrafanaDashboard): the preflight checks that file when one runs.</summary>
public interface IUploadsDashboardFile
{
}
