using System.Globalization;
using Cake.Core.Diagnostics;

namespace Workload.Secrets;

/// <summary>A Cake log that formats each line first and masks the run's secrets in it before it reaches the console.</summary>
public sealed class MaskingLog(ICakeLog inner, SecretMasker masker) : ICakeLog
{
    public Verbosity Verbosity
    {
        get => inner.Verbosity;
        set => inner.Verbosity = value;
    }

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
    {
        var text = args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args);

        // Braces in the masked text must not be read as a format by the inner log. A live status line on the
        // terminal steps aside for the line and comes back under it.
        using var live = Common.LiveStatus.Shared.Pause();
        inner.Write(verbosity, level, "{0}", masker.Apply(text));
    }
}
