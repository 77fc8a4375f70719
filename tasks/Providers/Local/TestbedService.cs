using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// A server the testbed runs on this machine for its hosts, bound to the bridge address: started detached so it
/// outlives this process, found again by its PID file and its exact command line (so a reused PID or a changed
/// setting is never mistaken for the running service), and stopped by teardown.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class TestbedService(LocalTestbedOptions options, Action<string> progress)
{
    /// <summary>The testbed's options.</summary>
    protected LocalTestbedOptions Options { get; } = options;

    /// <summary>A short name for messages and the service's directory.</summary>
    public abstract string Name { get; }

    /// <summary>The port it listens on at the bridge address.</summary>
    public abstract int Port { get; }

    /// <summary>The program to run in the foreground.</summary>
    protected abstract string Program { get; }

    /// <summary>Its arguments; every setting that matters is among them, so that a change shows as a different command line.</summary>
    protected abstract IReadOnlyList<string> Arguments { get; }

    /// <summary>The service's own directory below the state directory (configuration, log, PID file).</summary>
    public string ServiceDirectory => Path.Combine(Options.StateDirectory, "services", Name);

    private string PidFile => Path.Combine(ServiceDirectory, "pid");

    private string LogFile => Path.Combine(ServiceDirectory, $"{Name}.log");

    /// <summary>The PID of the service when it runs with the current command line, else null.</summary>
    public int? RunningPid
    {
        get
        {
            if (!File.Exists(PidFile) || !int.TryParse(File.ReadAllText(PidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                return null;
            }

            var expected = Arguments.Prepend(ExecutableLocator.Resolve(Program));
            return ProcessTable.IsAlive(pid) && ProcessTable.CommandLine(pid).SequenceEqual(expected, StringComparer.Ordinal) ? pid : null;
        }
    }

    /// <summary>Leaves a running service alone; otherwise starts it and waits until its port answers.</summary>
    public async Task EnsureRunningAsync(CancellationToken cancellationToken)
    {
        Prepare();
        if (RunningPid is not null)
        {
            return;
        }

        // An instance of an earlier configuration, or one whose PID file was lost, would hold the port.
        await StopAsync(cancellationToken).ConfigureAwait(false);
        progress($"Starting {Name} on {Options.BridgeAddress}:{Port}");
        var pid = await DetachedProcess.StartAsync(Program, Arguments, LogFile, cancellationToken).ConfigureAwait(false);
        AtomicFile.WriteAllText(PidFile, pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");

        bool answers;
        try
        {
            answers = await Waiter.Quiet.UntilAsync(
                Name,
                DateTimeOffset.UtcNow.AddSeconds(30),
                TimeSpan.FromMilliseconds(200),
                async token => await TcpProbe.AcceptsAsync(Options.BridgeAddress.ToString(), Port, TimeSpan.FromSeconds(1), token).ConfigureAwait(false) ? WaitStep.Ready(true)
                    : ProcessTable.IsAlive(pid) ? WaitStep.Pending<bool>("not answering yet")
                    : WaitStep.Ready(false),
                _ => new TimeoutException(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            answers = false;
        }

        if (!answers)
        {
            await StopAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException(
                $"{Name} (`{CommandLine.Format(Program, Arguments)}`) did not answer on {Options.BridgeAddress}:{Port}. The end of its log {LogFile}:" +
                Environment.NewLine + TextTail.OfFile(LogFile, 20));
        }
    }

    /// <summary>Stops every process of this service (the recorded one and any other whose arguments point into its directory).</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var pid in ProcessTable.WithArgumentStartingWith(ServiceDirectory + "/"))
        {
            await ProcessTable.TerminateAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }

        if (File.Exists(PidFile))
        {
            File.Delete(PidFile);
        }
    }

    /// <summary>Writes the configuration files the service reads; called before every start and check.</summary>
    protected virtual void Prepare() => Directory.CreateDirectory(ServiceDirectory);
}
