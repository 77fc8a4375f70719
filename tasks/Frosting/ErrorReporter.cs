using System.Reflection;
using Cake.Core.Diagnostics;

namespace Workload.Frosting;

/// <summary>
/// Turns an exception into the lines a user reads, with Cake.Cli's <see cref="Cake.Cli.ExceptionLogger"/> as
/// Cake.Frosting does (the message; at diagnostic verbosity the whole exception), after unwrapping what only carries
/// the real failure (an aggregate of one, a reflection call), which Cake.Cli leaves in place.
/// </summary>
public static class ErrorReporter
{
    public static void Report(ICakeLog log, Exception exception) => Cake.Cli.ExceptionLogger.LogException(log, Unwrap(exception));

    public static Exception Unwrap(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => exception,
    };
}
