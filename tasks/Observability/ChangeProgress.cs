using System.Diagnostics;
using System.Globalization;
using Cake.Core.Diagnostics;

namespace Workload.Observability;

/// <summary>
/// Progress of a task's changes at normal verbosity, in lines that read the same in a CI log and on a terminal: each
/// change as it starts (host, task, its number in the plan printed just above, whose words it does not repeat), how
/// long it took once the next one starts, and a last line for the task.
/// </summary>
public sealed class ChangeProgress(ICakeLog log, string host, string task, int planned)
{
    private readonly Stopwatch _task = Stopwatch.StartNew();
    private readonly Stopwatch _change = new();
    private string? _current;
    private int _count;

    /// <summary>A change begins; the one before it is done. A change the plan did not show is named in full.</summary>
    public void Starting(string summary, bool wasPlanned)
    {
        FinishCurrent();
        _count++;
        _current = summary;
        _change.Restart();
        if (wasPlanned)
        {
            log.Information("{0} {1}: change {2} of {3} ...", host, task, _count, Math.Max(planned, _count));
        }
        else
        {
            log.Information("  ~ {0} (found after installing packages)", summary);
        }
    }

    /// <summary>The last change is done: says how long it took and what the task did in all.</summary>
    public void Done()
    {
        FinishCurrent();
        log.Information("{0} {1}: {2} change{3} in {4}", host, task, _count, _count == 1 ? string.Empty : "s", Seconds(_task.Elapsed));
    }

    private void FinishCurrent()
    {
        if (_current is not null)
        {
            log.Verbose("{0} {1}: done in {2}: {3}", host, task, Seconds(_change.Elapsed), _current);
            if (_change.Elapsed >= TimeSpan.FromSeconds(1))
            {
                log.Information("{0} {1}: took {2}", host, task, Seconds(_change.Elapsed));
            }

            _current = null;
        }
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";
}
