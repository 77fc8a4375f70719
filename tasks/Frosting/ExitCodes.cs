namespace Workload.Frosting;

/// <summary>The exit codes of the host: never -1, which shells read as 255.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;

    /// <summary>A plan found changes to make (as <c>terraform plan -detailed-exitcode</c>).</summary>
    public const int ChangesPending = 2;

    /// <summary>The user interrupted the run (SIGINT, as shells report it: 128 + 2).</summary>
    public const int Interrupted = 130;
}
