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
    SkippedTargets skippedTargets,
    IEnumerable<IFrostingTask> tasks,
    IFrostingLifetime? lifetime = null,
    IFrostingTaskLifetime? taskLifetime = null)
{
    private bool _registered;

    /// <summary>Registers everything once, knowing which tasks are the run's targets; later calls do nothing.</summary>
    public void Register(IReadOnlyCollection<string> targets)
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
            RegisterTask(task, known, targets.Contains(TaskMetadata.NameOf(task.GetType()), StringComparer.OrdinalIgnoreCase));
        }

        if (lifetime is not null)
        {
            engine.RegisterSetupAction(info => lifetime.Setup(contextAccessor.Context, info));
            engine.RegisterTeardownAction(info => lifetime.Teardown(contextAccessor.Context, info));
        }

        if (taskLifetime is not null)
        {
            engine.RegisterTaskSetupAction(info => taskLifetime.Setup(contextAccessor.Context, info));
            engine.RegisterTaskTeardownAction(info => taskLifetime.Teardown(contextAccessor.Context, info));
        }
    }

    private void RegisterTask(IFrostingTask task, HashSet<Type> known, bool isTarget)
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

        if (isTarget)
        {
            // Cake.Core fails a run whose target is skipped by criteria; a target that has nothing to do
            // (a host already in sync) is a success, so the host asks ShouldRun itself.
            builder.Does(_ => RunTargetUnlessDone(task, name));
        }
        else
        {
            builder.Does(_ => task.RunAsync(contextAccessor.Context));

            // Cake reads the skip message once, here; the report shows it for every skip of this task.
            builder.WithCriteria(_ => task.ShouldRun(contextAccessor.Context), task.SkippedMessage);
        }

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

    private Task RunTargetUnlessDone(IFrostingTask task, string name)
    {
        if (task.ShouldRun(contextAccessor.Context))
        {
            return task.RunAsync(contextAccessor.Context);
        }

        log.Information("Skipping task: {0} ({1})", name, task.SkippedMessage);
        skippedTargets.Add(name, task.SkippedMessage);
        return Task.CompletedTask;
    }

    private static string RequireTask(Type owner, Type other, HashSet<Type> known) =>
        known.Contains(other)
            ? TaskMetadata.NameOf(other)
            : throw new InvalidOperationException(
                $"Task {owner.Name} refers to {other.Name}, which is not a registered task.");
}
