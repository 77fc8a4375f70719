using Cake.Core;
using Workload.Frosting;

namespace Workload.Tests.Frosting;

// A small graph for the host's tests: First -> Middle -> Last, a task that skips, one that fails.
// Public because the host finds tasks among an assembly's exported types.

public sealed class SampleContext(ICakeContext context, CallRecorder calls, RunInterruption interruption) : FrostingContext(context), IConcurrentRun
{
    public bool RunsLanesConcurrently => true;

    /// <summary>Set once the east lane's first task has started.</summary>
    public static TaskCompletionSource EastStarted { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CallRecorder Calls { get; } = calls;

    public RunInterruption Interruption { get; } = interruption;
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

// Two lanes, as two hosts: West1 -> West2 and East1 -> East2, both after Start; Joined waits for both lanes.
// West1 waits for East1 to have started, which only happens when the lanes run at the same time.

[TaskName("Start")]
[TaskDescription("Before both lanes (a lane-less task).")]
public sealed class StartTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run Start");
}

[TaskName("West1")]
[TaskDescription("The west lane's first task; waits until the east lane has started.")]
[IsDependentOn(typeof(StartTask))]
public sealed class West1Task : AsyncFrostingTask<SampleContext>, ILaneTask
{
    public string Lane => "west";

    public override async Task RunAsync(SampleContext context)
    {
        await SampleContext.EastStarted.Task.WaitAsync(TimeSpan.FromSeconds(20));
        context.Calls.Add("run West1 after East1 started");
    }
}

[TaskName("West2")]
[TaskDescription("The west lane's second task; fails when asked to.")]
[IsDependentOn(typeof(West1Task))]
public sealed class West2Task : FrostingTask<SampleContext>, ILaneTask
{
    public static bool Fails { get; set; }

    public string Lane => "west";

    public override void Run(SampleContext context)
    {
        if (Fails)
        {
            throw new InvalidOperationException("West2 broke");
        }

        context.Calls.Add("run West2");
    }
}

[TaskName("East1")]
[TaskDescription("The east lane's first task.")]
[IsDependentOn(typeof(StartTask))]
public sealed class East1Task : FrostingTask<SampleContext>, ILaneTask
{
    public string Lane => "east";

    public override void Run(SampleContext context)
    {
        context.Calls.Add("run East1");
        SampleContext.EastStarted.TrySetResult();
    }
}

[TaskName("EastInSyncWithALongName")]
[TaskDescription("The east lane's second task; in sync; its name is as long as the longest of the workload's.")]
[IsDependentOn(typeof(East1Task))]
public sealed class East2Task : FrostingTask<SampleContext>, ILaneTask
{
    public string Lane => "east";

    public override string SkippedMessage => "in sync";

    public override bool ShouldRun(SampleContext context) => false;
}

[TaskName("Joined")]
[TaskDescription("After both lanes.")]
[IsDependentOn(typeof(West2Task))]
[IsDependentOn(typeof(East2Task))]
public sealed class JoinedTask : FrostingTask<SampleContext>
{
    public override void Run(SampleContext context) => context.Calls.Add("run Joined");
}
