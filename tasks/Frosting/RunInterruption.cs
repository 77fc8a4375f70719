using System.Runtime.InteropServices;

namespace Workload.Frosting;

/// <summary>
/// The user's request to stop: the first SIGINT (Ctrl+C) or SIGTERM cancels <see cref="Token"/>, so the run stops
/// after its current step (no task starts after it) and releases what it holds; a second one ends the process at
/// once, as the signal's default does.
/// </summary>
public sealed class RunInterruption : IDisposable
{
    /// <summary>The one line an interrupted run ends with.</summary>
    public const string Message = "interrupted; nothing is half-written; run again to finish";

    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = [];

    /// <summary>An interruption that listens for the process's signals when <paramref name="listen"/> is true.</summary>
    public RunInterruption(bool listen = true)
    {
        if (listen)
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal));
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
        }
    }

    /// <summary>Cancelled once the user asked the run to stop.</summary>
    public CancellationToken Token => _source.Token;

    public bool IsRequested => _source.IsCancellationRequested;

    /// <summary>Told first, before anything sees <see cref="Token"/> cancelled: what the user reads when they press Ctrl+C.</summary>
    public Action? Requested { get; set; }

    /// <summary>Asks the run to stop, as the first signal does.</summary>
    public void Request()
    {
        Requested?.Invoke();
        _source.Cancel();
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            // The second signal: the default action, which ends the process.
            return;
        }

        context.Cancel = true;
        Request();
    }
}
