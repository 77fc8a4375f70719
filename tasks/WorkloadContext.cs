using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Providers;
using Workload.Secrets;
using Workload.State;
using Workload.Templates;

namespace Workload;

/// <summary>
/// The context every task of the workload receives. It is filled once, when the run starts: the settings are
/// read and checked here, so bad configuration stops the run before any task.
/// </summary>
public partial class WorkloadContext : FrostingContext, IRunOutcome, IDisposable
{
    private readonly CancellationTokenSource _cancellation = new();
    private IHostProvider? _provider;

    public WorkloadContext(ICakeContext context, SecretMasker masker, HostRunMode runMode)
        : base(context)
    {
        Masker = masker;
        RunMode = runMode;
        Settings = SettingsLoader.Load(new SettingsSources(
            context.Environment.WorkingDirectory.FullPath,
            context.Arguments.GetArguments().ToDictionary(
                a => a.Key,
                a => (IReadOnlyList<string>)a.Value.Select(v => v ?? string.Empty).ToList(),
                StringComparer.OrdinalIgnoreCase),
            context.Environment.GetEnvironmentVariables()
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            masker.Register));
        StateStore = new StateStore(Settings.StateFile, Settings.Project);
        Templates = new TemplateRenderer(Settings.TemplatesDirectory);
        Hosts = new HostSessions(Settings, StateStore, line => context.Log.Information("{0}", line));

        // The first Ctrl+C stops the run between steps, so the hosts are released cleanly; a second one kills it.
        Console.CancelKeyPress += OnCancelKeyPress;
    }

    /// <summary>How the host runs: a dry run must not reach any host.</summary>
    public HostRunMode RunMode { get; }

    /// <summary>Where hosts come from (the provider setting), created on first use.</summary>
    public IHostProvider Provider => _provider ??= HostProviders.Create(this);

    /// <summary>The run's connections to the hosts.</summary>
    public HostSessions Hosts { get; }

    /// <summary>Cancelled when the user interrupts the run.</summary>
    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Masks the run's secrets in anything shown or written.</summary>
    public SecretMasker Masker { get; }

    /// <summary>Renders the files of templates/.</summary>
    public TemplateRenderer Templates { get; }

    /// <summary>The checked settings of this run.</summary>
    public WorkloadSettings Settings { get; }

    /// <summary>The state file: what provisioning recorded about the hosts.</summary>
    public StateStore StateStore { get; }

    /// <summary>What the tasks of this run did, for the report and the summary.</summary>
    public RunJournal Journal { get; } = new();

    /// <summary>Closes every connection the run opened (which releases the host locks).</summary>
    public void ReleaseHosts() => Hosts.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        (_provider as IDisposable)?.Dispose();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (!_cancellation.IsCancellationRequested)
        {
            e.Cancel = true;
            Log.Warning("Interrupted: stopping after the current step (press Ctrl+C again to kill the run).");
            _cancellation.Cancel();
        }
    }

    /// <inheritdoc/>
    public int ExitCode => Settings.Plan && Journal.HasPendingChanges ? ExitCodes.ChangesPending : ExitCodes.Success;
}
