using System.Diagnostics;
using Cake.Core;

namespace Workload.Frosting;

/// <summary>
/// Runs the tasks of different lanes (hosts) at the same time while Cake's engine still orders, reports and fails
/// the run task by task. At the run's start every lane task is started in the background, each waiting for the
/// tasks it depends on, for the task before it in its own lane and for every lane-less task before it in the
/// graph's order. Cake then reaches the tasks in its order and, for each, awaits the work already under way
/// (<see cref="RunAsync"/>): its report stays in graph order and a failure is reported by the task that failed.
/// A failure does not stop the other lanes (their work does not depend on it, as Terraform keeps applying what does
/// not depend on a failed resource); what depends on it never starts. Ctrl+C stops every lane before its next task.
/// </summary>
public sealed class ConcurrentLanes(RunInterruption interruption)
{
    private readonly Dictionary<string, TaskCompletionSource> _done = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Task> _started = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TimeSpan> _durations = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>Whether lane tasks were started ahead of Cake for this run.</summary>
    public bool Active { get; private set; }

    /// <summary>
    /// Starts every lane task of <paramref name="ordered"/> (Cake's order) in the background.
    /// <paramref name="work"/> does one task's check and run.
    /// </summary>
    public void Start(IReadOnlyList<ICakeTaskInfo> ordered, IReadOnlyDictionary<string, IFrostingTask> tasks, Func<string, Task> work)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(work);
        var names = ordered.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var name in names)
        {
            _done[name] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Active = true;
        var lastOfLane = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var laneless = new List<string>();
        foreach (var info in ordered)
        {
            if (tasks.GetValueOrDefault(info.Name) is not ILaneTask { Lane: var lane })
            {
                laneless.Add(info.Name);
                continue;
            }

            var before = info.Dependencies.Select(d => d.Name).Where(names.Contains)
                .Concat(laneless)
                .Concat(lastOfLane.TryGetValue(lane, out var previous) ? [previous] : Array.Empty<string>())
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(n => (Name: n, Done: _done[n].Task))
                .ToList();
            lastOfLane[lane] = info.Name;
            var name = info.Name;
            lock (_gate)
            {
                _started[name] = Task.Run(() => RunWhenReadyAsync(name, before, work));
            }
        }
    }

    /// <summary>
    /// Cake's turn for <paramref name="name"/>: awaits the work started for it, or runs a lane-less task now.
    /// </summary>
    public async Task RunAsync(string name, Func<string, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Task? started;
        lock (_gate)
        {
            started = _started.GetValueOrDefault(name);
        }

        if (started is not null)
        {
            await started.ConfigureAwait(false);
            return;
        }

        await Timed(name, work).ConfigureAwait(false);
    }

    /// <summary>How long a task's own check and run took (Cake measures its wait, which is shorter when it ran ahead).</summary>
    public bool TryGetDuration(string name, out TimeSpan duration)
    {
        lock (_gate)
        {
            return _durations.TryGetValue(name, out duration);
        }
    }

    /// <summary>Waits until no lane task is running any more (the run failed or ended): hosts are released after this.</summary>
    public async Task DrainAsync()
    {
        List<Task> started;
        lock (_gate)
        {
            started = [.. _started.Values];
        }

        try
        {
            await Task.WhenAll(started).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Each failure is the failing task's: Cake reported it when it reached that task, or the run had stopped.
        }
    }

    private async Task RunWhenReadyAsync(string name, IReadOnlyList<(string Name, Task Done)> before, Func<string, Task> work)
    {
        foreach (var (other, done) in before)
        {
            try
            {
                await done.ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                var failure = new DependencyFailedException(name, other, exception);
                _done[name].TrySetException(failure);
                throw failure;
            }
        }

        await Timed(name, work).ConfigureAwait(false);
    }

    private async Task Timed(string name, Func<string, Task> work)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            interruption.Token.ThrowIfCancellationRequested();
            await work(name).ConfigureAwait(false);
            _done.GetValueOrDefault(name)?.TrySetResult();
        }
        catch (Exception exception)
        {
            _done.GetValueOrDefault(name)?.TrySetException(exception);
            throw;
        }
        finally
        {
            lock (_gate)
            {
                _durations[name] = clock.Elapsed;
            }
        }
    }
}

/// <summary>A task did not start because a task it waits for failed; that task's failure is the run's.</summary>
public sealed class DependencyFailedException(string task, string dependency, Exception inner)
    : Exception($"{task} did not start: {dependency} failed ({inner.Message})", inner);
