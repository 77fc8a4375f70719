using Cake.Core;
using Workload.Frosting;

namespace Workload.Tests.Frosting;

// A small graph for the host's tests: First -> Middle -> Last, a task that skips, one that fails.
// Public because the host finds tasks among an assembly's exported types.

public sealed class SampleContext(ICakeContext context, CallRecorder calls, HostInterruption interruption) : FrostingContext(context)
{
    public CallRecorder Calls { get; } = calls;

    public HostInterruption Interruption { get; } = interruption;
}

public sealed class SampleLifetime : FrostingLifetime<SampleContext>
{
    public override void Setup(SampleContext context, ISetupContext info) => context.Calls.Add("setup");

    public override void Teardown(SampleContext context, ITeardownContext info) => context.Calls.Add("teardown");
}

[TaskName("First")]
[TaskDescription("The first sample task.")]
public sealed class FirstTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run First");
}

[TaskName("Middle")]
[TaskDescription("Depends on First.")]
[IsDependentOn(typeof(FirstTask))]
public sealed class MiddleTask : AsyncFrostingTask<SampleContext>
{
    public override async Task RunAsync(SampleContext context)
    {
        await Task.Yield();
        context.Calls.Add("run Middle");
    }
}

[TaskName("Last")]
[TaskDescription("Depends on Middle.")]
[IsDependentOn(typeof(MiddleTask))]
public sealed class LastTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run Last");
}

[TaskName("AlreadyDone")]
[TaskDescription("Never needs to run.")]
public sealed class AlreadyDoneTask : FrostingTask<SampleContext>
{
    public override string SkippedMessage => "in sync";

    public override bool ShouldRun(SampleContext context)
    {
        context.Calls.Add("check AlreadyDone");
        return false;
    }

    public override void Run(SampleContext context) => context.Calls.Add("run AlreadyDone");
}

[TaskName("AfterAlreadyDone")]
[TaskDescription("Runs after a skipped task.")]
[IsDependentOn(typeof(AlreadyDoneTask))]
public sealed class AfterAlreadyDoneTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run AfterAlreadyDone");
}

[TaskName("Broken")]
[TaskDescription("Always fails.")]
public sealed class BrokenTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => throw new InvalidOperationException("the sample task broke");

    public override void OnError(Exception exception, SampleContext context) => context.Calls.Add($"error Broken: {exception.Message}");

    public override void Finally(SampleContext context) => context.Calls.Add("finally Broken");
}

[TaskName("AfterBroken")]
[TaskDescription("Never reached.")]
[IsDependentOn(typeof(BrokenTask))]
public sealed class AfterBrokenTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run AfterBroken");
}

[TaskName("CheckFails")]
[TaskDescription("Its check fails, as a refused connection would.")]
public sealed class CheckFailsTask : FrostingTask<SampleContext>
{
    public override bool ShouldRun(SampleContext context) => throw new InvalidOperationException("the check could not reach its host");

    public override void Run(SampleContext context) => context.Calls.Add("run CheckFails");

    public override void OnError(Exception exception, SampleContext context) => context.Calls.Add($"error CheckFails: {exception.Message}");

    public override void Finally(SampleContext context) => context.Calls.Add("finally CheckFails");
}

[TaskName("AfterCheckFails")]
[TaskDescription("Never reached: the check of the task it depends on fails.")]
[IsDependentOn(typeof(CheckFailsTask))]
public sealed class AfterCheckFailsTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run AfterCheckFails");
}

[TaskName("Interrupted")]
[TaskDescription("The user presses Ctrl+C while it runs.")]
public sealed class InterruptedTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context)
    {
        context.Calls.Add("run Interrupted");
        context.Interruption.Request();
    }
}

[TaskName("AfterInterrupted")]
[TaskDescription("Never starts: the run was interrupted before it.")]
[IsDependentOn(typeof(InterruptedTask))]
public sealed class AfterInterruptedTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run AfterInterrupted");
}
