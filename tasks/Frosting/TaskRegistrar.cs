using Cake.Core;
using Cake.Core.Diagnostics;

namespace Workload.Frosting;

/// <summary>
/// Hands the task classes and lifetimes to Cake.Core's engine, which owns the graph,
/// the ordering, the criteria and the report.
/// </summary>
public sealed class TaskRegistrar(
    ICakeEngine engine,
    ContextAccessor contextAccessor,
    ICakeLog log,
    SkippedTasks skippedTasks,
    RunInterruption interruption,
    ConcurrentLanes lanes,
    RunMode runMode,
    IEnumerable<IFrostingTask> tasks,
    IFrostingLifetime? lifetime = null,
    IFrostingTaskLifetime? taskLifetime = null)
{
    private bool _registered;

    /// <summary>Registers everything once; later calls do nothing.</summary>
    public void Register()
    {
        if (_registered)
        {
            return;
        }

        _registered = true;
        var taskList = tasks.ToList();
        var known = taskList.Select(t => t.GetType()).ToHashSet();
        foreach (var task in taskList)
        {
            RegisterTask(task, known);
        }

        if (lifetime is not null)
        {
            engine.RegisterSetupAction(info => lifetime.Setup(contextAccessor.Context, info));
        }

        // After the lifetime's setup (the preflight, the hosts opening): the lanes start. Before its teardown (which
        // releases the hosts): whatever a lane still runs ends.
        var byName = taskList.ToDictionary(t => TaskMetadata.NameOf(t.GetType()), StringComparer.OrdinalIgnoreCase);
        engine.RegisterSetupAction(info =>
        {
            if (contextAccessor.Context is IConcurrentRun { RunsLanesConcurrently: true })
            {
                // Cake's list holds the whole graph of the targets; --exclusive runs only the targets themselves.
                var selected = runMode.Targets is { } targets
                    ? TaskMetadata.TasksToRun(taskList.Select(t => t.GetType()).ToList(), targets, runMode.Exclusive)
                    : null;
                lanes.Start(
                    [.. info.TasksToExecute.Where(t => selected is null || selected.Contains(t.Name))],
                    byName,
                    name => RunUnlessDoneAsync(byName[name], name));
            }
        });
        engine.RegisterTeardownAction(_ => lanes.DrainAsync().GetAwaiter().GetResult());
        if (lifetime is not null)
        {
            engine.RegisterTeardownAction(info => lifetime.Teardown(contextAccessor.Context, info));
        }

        if (taskLifetime is not null)
        {
            engine.RegisterTaskSetupAction(info => taskLifetime.Setup(contextAccessor.Context, info));
            engine.RegisterTaskTeardownAction(info => taskLifetime.Teardown(contextAccessor.Context, info));
        }
    }

    private void RegisterTask(IFrostingTask task, HashSet<Type> known)
    {
        var type = task.GetType();
        var name = TaskMetadata.NameOf(type);
        log.Debug("Registering task: {0}", name);
        var builder = engine.RegisterTask(name);

        var description = TaskMetadata.DescriptionOf(type);
        if (description.Length > 0)
        {
            builder.Description(description);
        }

        // The check (ShouldRun) runs inside the task, not as Cake's criteria: a check that fails (a refused SSH
        // connection, missing credentials) is then that task failing, with its OnError and Finally and a Failed row
        // in the report. Cake.Core also refuses to skip a target by criteria, and a target with nothing to do (a host
        // already in sync) is a success.
        builder.Does(_ => lanes.RunAsync(name, _ => RunUnlessDoneAsync(task, name)));

        // Cake's OnError would swallow the failure; ReportError lets a task observe it while the run still fails.
        builder.ReportError(exception => task.OnError(exception, contextAccessor.Context));
        builder.Finally(() => task.Finally(contextAccessor.Context));

        foreach (var dependency in TaskMetadata.DependenciesOf(type))
        {
            builder.IsDependentOn(RequireTask(type, dependency, known));
        }

        foreach (var dependee in TaskMetadata.DependeesOf(type))
        {
            builder.IsDependeeOf(RequireTask(type, dependee, known));
        }
    }

    private async Task RunUnlessDoneAsync(IFrostingTask task, string name)
    {
        // Interrupted: no task starts after the one that was running.
        interruption.Token.ThrowIfCancellationRequested();
        if (!await task.RunIfNeededAsync(contextAccessor.Context).ConfigureAwait(false))
        {
            log.Information("Skipping task: {0} ({1})", name, task.SkippedMessage);
            skippedTasks.Add(name, task.SkippedMessage);
        }
    }

    private static string RequireTask(Type owner, Type other, HashSet<Type> known) =>
        known.Contains(other)
            ? TaskMetadata.NameOf(other)
            : throw new InvalidOperationException(
                $"Task {owner.Name} refers to {other.Name}, which is not a registered task.");
}
