using System.Reflection;
using Cake.Core.Diagnostics;

namespace Workload.Frosting;

/// <summary>Turns an exception into the lines a user reads: the message always, the stack only on request.</summary>
public static class ErrorReporter
{
    public static void Report(ICakeLog log, Exception exception)
    {
        var root = Unwrap(exception);
        log.Error("Error: {0}", root.Message);
        if (log.Verbosity >= Verbosity.Diagnostic)
        {
            log.Error("{0}", root.ToString());
        }
    }

    public static Exception Unwrap(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => exception,
    };
}
