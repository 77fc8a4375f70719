using Cake.Core.Diagnostics;

namespace Workload.Common;

/// <summary>
/// A Cake log onto a progress callback, for code that reports through an <see cref="Action{T}"/> (the testbed's
/// machines) and waits with <see cref="Waiter"/>: information and above go to the callback, the rest nowhere.
/// </summary>
public sealed class ProgressLog(Action<string> progress) : ICakeLog
{
    public Verbosity Verbosity { get; set; } = Verbosity.Normal;

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        if (verbosity <= Verbosity.Normal)
        {
            progress(args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
        }
    }
}
