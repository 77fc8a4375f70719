using Cake.Core;

namespace Workload.Frosting;

/// <summary>Base class of a synchronous task with a typed context.</summary>
/// <typeparam name="T">The context type.</typeparam>
public abstract class FrostingTask<T> : IFrostingTask
    where T : ICakeContext
{
    /// <inheritdoc/>
    public Type ContextType => typeof(T);

    /// <inheritdoc/>
    public virtual string SkippedMessage => "criteria not met";

    /// <summary>Does the task's work.</summary>
    public virtual void Run(T context)
    {
    }

    /// <summary>Decides whether <see cref="Run"/> is needed; when it is not, the task is reported as skipped.</summary>
    public virtual bool ShouldRun(T context) => true;

    /// <summary>
    /// Checks and runs: <see cref="ShouldRun"/>, then <see cref="Run"/> when needed; false when skipped. A task whose
    /// check produces what its run uses (a plan) overrides this to hand it over as a value.
    /// </summary>
    public virtual Task<bool> RunIfNeededAsync(T context)
    {
        if (!ShouldRun(context))
        {
            return Task.FromResult(false);
        }

        Run(context);
        return Task.FromResult(true);
    }

    /// <summary>Called when <see cref="Run"/> throws; the failure still fails the run unless this handles it.</summary>
    public virtual void OnError(Exception exception, T context)
    {
    }

    /// <summary>Called after <see cref="Run"/>, whether it failed or not.</summary>
    public virtual void Finally(T context)
    {
    }

    Task IFrostingTask.RunAsync(ICakeContext context)
    {
        Run((T)context);
        return Task.CompletedTask;
    }

    Task<bool> IFrostingTask.RunIfNeededAsync(ICakeContext context) => RunIfNeededAsync((T)context);

    bool IFrostingTask.ShouldRun(ICakeContext context) => ShouldRun((T)context);

    void IFrostingTask.OnError(Exception exception, ICakeContext context) => OnError(exception, (T)context);

    void IFrostingTask.Finally(ICakeContext context) => Finally((T)context);
}

/// <summary>Base class of an asynchronous task with a typed context.</summary>
/// <typeparam name="T">The context type.</typeparam>
public abstract class AsyncFrostingTask<T> : IFrostingTask
    where T : ICakeContext
{
    /// <inheritdoc/>
    public Type ContextType => typeof(T);

    /// <inheritdoc/>
    public virtual string SkippedMessage => "criteria not met";

    /// <summary>Does the task's work.</summary>
    public virtual Task RunAsync(T context) => Task.CompletedTask;

    /// <summary>Decides whether <see cref="RunAsync"/> is needed.</summary>
    public virtual bool ShouldRun(T context) => true;

    /// <summary>Checks and runs: <see cref="ShouldRun"/>, then <see cref="RunAsync"/> when needed; false when skipped.</summary>
    public virtual async Task<bool> RunIfNeededAsync(T context)
    {
        if (!ShouldRun(context))
        {
            return false;
        }

        await RunAsync(context).ConfigureAwait(false);
        return true;
    }

    /// <summary>Called when <see cref="RunAsync"/> throws.</summary>
    public virtual void OnError(Exception exception, T context)
    {
    }

    /// <summary>Called after <see cref="RunAsync"/>, whether it failed or not.</summary>
    public virtual void Finally(T context)
    {
    }

    Task IFrostingTask.RunAsync(ICakeContext context) => RunAsync((T)context);

    Task<bool> IFrostingTask.RunIfNeededAsync(ICakeContext context) => RunIfNeededAsync((T)context);

    bool IFrostingTask.ShouldRun(ICakeContext context) => ShouldRun((T)context);

    void IFrostingTask.OnError(Exception exception, ICakeContext context) => OnError(exception, (T)context);

    void IFrostingTask.Finally(ICakeContext context) => Finally((T)context);
}
