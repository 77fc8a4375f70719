using System.Collections.Concurrent;
using System.Globalization;
using Cake.Core.Diagnostics;

namespace Workload.Tests.Validation;

/// <summary>A Cake log that keeps every line, so tests can read what a user would have seen.</summary>
internal sealed class RecordingLog : ICakeLog
{
    private readonly ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public IReadOnlyList<(LogLevel Level, string Text)> Lines => _lines.ToList();

    public string Text => string.Join(Environment.NewLine, _lines.Select(l => l.Text));

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args) =>
        _lines.Enqueue((level, args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args)));
}
