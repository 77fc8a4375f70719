namespace Workload.Frosting;

/// <summary>
/// A task that works on one thing outside this machine (a host): tasks of different lanes run at the same time
/// wherever the graph allows (<see cref="ConcurrentLanes"/>), tasks of one lane one after the other in the graph's
/// order. A task without a lane runs at its turn in the graph, after every task before it.
/// </summary>
public interface ILaneTask
{
    /// <summary>The lane's name (a host's role); it prefixes nothing, it only groups.</summary>
    string Lane { get; }
}

/// <summary>A context that says whether this run may run lanes at the same time (not when it only plans or lists).</summary>
public interface IConcurrentRun
{
    bool RunsLanesConcurrently { get; }
}
