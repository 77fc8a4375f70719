using System.Globalization;
using Cake.Core.Diagnostics;

namespace Workload.Observability;

/// <summary>
/// Progress of a task's changes at normal verbosity, in lines that read the same in a CI log and on a terminal: each
/// change as it starts (host, task, its number in the plan printed just above, whose words it does not repeat), how
/// long it took once the next one starts, and a last line for the task. While a change runs (an apt install, a
/// service it waits for), and while the task verifies its result after the last one, a heartbeat line every
/// <see cref="HeartbeatEvery"/> says what is still running and for how long, so a long step never looks hung.
/// </summary>
public sealed class ChangeProgress : IDisposable
{
    /// <summary>How often a heartbeat line is written while one change (or the verification) keeps running.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(10);

    private readonly ICakeLog _log;
    private readonly string _host;
    private readonly string _task;
    private readonly int _planned;
    private readonly TimeProvider _time;
    private readonly ITimer _heartbeat;
    private readonly long _taskStarted;
    private readonly Lock _gate = new();
    private long _phaseStarted;
    private string? _current;
    private bool _verifying;
    private int _count;

    public ChangeProgress(ICakeLog log, string host, string task, int planned, TimeProvider? time = null)
    {
        _log = log;
        _host = host;
        _task = task;
        _planned = planned;
        _time = time ?? TimeProvider.System;
        _taskStarted = _time.GetTimestamp();
        _heartbeat = _time.CreateTimer(_ => Beat(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>A change begins; the one before it is done. A change the plan did not show is named in full.</summary>
    public void Starting(string summary, bool wasPlanned)
    {
        lock (_gate)
        {
            FinishCurrent();
            _count++;
            _current = summary;
            _phaseStarted = _time.GetTimestamp();
            _heartbeat.Change(HeartbeatEvery, HeartbeatEvery);
            if (wasPlanned)
            {
                _log.Information("{0} {1}: change {2} of {3} ...", _host, _task, _count, Math.Max(_planned, _count));
            }
            else
            {
                _log.Information("  ~ {0} (found after installing packages)", summary);
            }
        }
    }

    /// <summary>The last change is done: says how long it took and what the task did in all; the verification follows.</summary>
    public void Done()
    {
        lock (_gate)
        {
            FinishCurrent();
            _log.Information("{0} {1}: {2} change{3} in {4}", _host, _task, _count, _count == 1 ? string.Empty : "s", Seconds(_time.GetElapsedTime(_taskStarted)));
            _verifying = true;
            _phaseStarted = _time.GetTimestamp();
            _heartbeat.Change(HeartbeatEvery, HeartbeatEvery);
        }
    }

    /// <summary>The task is over (verified or failed): no more heartbeats.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _current = null;
            _verifying = false;
            _heartbeat.Dispose();
        }
    }

    private void Beat()
    {
        lock (_gate)
        {
            var elapsed = Seconds(_time.GetElapsedTime(_phaseStarted));
            if (_current is not null)
            {
                _log.Information("{0} {1}: change {2} of {3} still running ({4})", _host, _task, _count, Math.Max(_planned, _count), elapsed);
            }
            else if (_verifying)
            {
                _log.Information("{0} {1}: verifying the result ({2})", _host, _task, elapsed);
            }
        }
    }

    private void FinishCurrent()
    {
        if (_current is not null)
        {
            var elapsed = _time.GetElapsedTime(_phaseStarted);
            _log.Verbose("{0} {1}: done in {2}: {3}", _host, _task, Seconds(elapsed), _current);
            if (elapsed >= TimeSpan.FromSeconds(1))
            {
                _log.Information("{0} {1}: took {2}", _host, _task, Seconds(elapsed));
            }

            _current = null;
        }
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
