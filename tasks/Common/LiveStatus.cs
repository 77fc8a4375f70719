using System.Globalization;
using Spectre.Console;

namespace Workload.Common;

/// <summary>
/// On a terminal that can take it, what each host's task is doing right now, in one line kept at the bottom and
/// redrawn every second (<c>jenkins InstallJenkins: change 2 of 5 (12 s) | monitoring Monitoring: change 3 of 8 (4
/// s)</c>) instead of a heartbeat line every ten seconds. Every log line first clears it and then draws it again
/// below (<see cref="Pause"/>), so the log stays the log. Spectre.Console says whether the terminal can (ANSI,
/// interactive, output not redirected); a CI log (CI or GITHUB_ACTIONS set) keeps the plain heartbeat lines.
/// </summary>
public sealed class LiveStatus
{
    private readonly TextWriter _terminal;
    private readonly Func<int> _width;
    private readonly TimeProvider _time;
    private readonly Dictionary<object, Func<string>> _lines = [];
    private readonly List<object> _order = [];
    private readonly Lock _gate = new();
    private static readonly IDisposable Nothing = new Handle(() => { });
    private ITimer? _timer;
    private bool _drawn;

    public LiveStatus(TextWriter terminal, bool enabled, Func<int> width, TimeProvider? time = null)
    {
        _terminal = terminal;
        Enabled = enabled;
        _width = width;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The process's terminal, when Spectre.Console finds one that can take a live line; else disabled.</summary>
    public static LiveStatus Shared { get; } = new(
        Console.Out,
        !Console.IsOutputRedirected
            && AnsiConsole.Profile.Capabilities.Ansi
            && AnsiConsole.Profile.Capabilities.Interactive
            && Environment.GetEnvironmentVariable("CI") is null
            && Environment.GetEnvironmentVariable("GITHUB_ACTIONS") is null
            && Environment.GetEnvironmentVariable("TERM") is not (null or "dumb"),
        () => AnsiConsole.Profile.Width);

    public bool Enabled { get; }

    /// <summary>Shows <paramref name="line"/> (asked again at every redraw) until the returned handle is disposed.</summary>
    public IDisposable Show(Func<string> line)
    {
        var key = new object();
        if (!Enabled)
        {
            return Nothing;
        }

        lock (_gate)
        {
            _lines[key] = line;
            _order.Add(key);
            _timer ??= _time.CreateTimer(_ => Redraw(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            Draw();
        }

        return new Handle(() =>
        {
            lock (_gate)
            {
                _lines.Remove(key);
                _order.Remove(key);
                Erase();
                if (_lines.Count == 0)
                {
                    _timer?.Dispose();
                    _timer = null;
                }
                else
                {
                    Draw();
                }
            }
        });
    }

    /// <summary>Clears the live line for a write to the terminal and draws it again after; hold it while writing.</summary>
    public IDisposable Pause()
    {
        // Every log line asks: without a live line it costs nothing.
        if (!Enabled)
        {
            return Nothing;
        }

        _gate.Enter();
        Erase();
        return new Handle(() =>
        {
            try
            {
                if (_lines.Count > 0)
                {
                    Draw();
                }
            }
            finally
            {
                _gate.Exit();
            }
        });
    }

    /// <summary>Draws the line again with fresh texts (the timer's tick).</summary>
    public void Redraw()
    {
        lock (_gate)
        {
            if (_lines.Count > 0)
            {
                Erase();
                Draw();
            }
        }
    }

    private void Draw()
    {
        var text = string.Join(" | ", _order.Select(key => _lines[key]()));
        var width = Math.Max(20, _width() - 1);
        if (text.Length > width)
        {
            text = string.Concat(text.AsSpan(0, width - 3), "...");
        }

        _terminal.Write(text);
        _terminal.Flush();
        _drawn = true;
    }

    private void Erase()
    {
        if (_drawn)
        {
            // Back to the line's start and clear it: the next write takes its place.
            _terminal.Write("\r\u001b[2K");
            _terminal.Flush();
            _drawn = false;
        }
    }

    /// <summary>Seconds as the live line shows them.</summary>
    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s";

    private sealed class Handle(Action release) : IDisposable
    {
        private Action? _release = release;

        public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
    }
}
