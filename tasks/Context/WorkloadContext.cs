using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Providers;
using Workload.Secrets;
using Workload.State;
using Workload.Templates;

namespace Workload.Context;

/// <summary>
/// The context every task of the workload receives. It is filled once, when the run starts: the settings are
/// read and checked here, and what is wrong with them is kept for the preflight (<see cref="WorkloadLifetime"/>),
/// which reports it with every other problem before any task runs.
/// </summary>
public partial class WorkloadContext : FrostingContext, IRunOutcome, IConcurrentRun, IDisposable
{
    private readonly RunInterruption _interruption;
    private readonly bool _ownsInterruption;
    private IHostProvider? _provider;

    public WorkloadContext(ICakeContext context, SecretMasker masker, RunMode runMode, RunInterruption? interruption = null)
        : base(context)
    {
        Masker = masker;
        RunMode = runMode;
        _ownsInterruption = interruption is null;
        _interruption = interruption ?? new RunInterruption(listen: false);
        SettingsRead = SettingsLoader.Read(new SettingsSources(
            context.Environment.WorkingDirectory.FullPath,
            context.Arguments.GetArguments().ToDictionary(
                a => a.Key,
                a => (IReadOnlyList<string>)a.Value.Select(v => v ?? string.Empty).ToList(),
                StringComparer.OrdinalIgnoreCase),
            context.Environment.GetEnvironmentVariables()
                .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            masker.Register));
        Settings = SettingsRead.Settings;
        StateStore = new StateStore(Settings.StateFile, Settings.Project);
        Templates = new TemplateRenderer(Settings.TemplatesDirectory);
        Hosts = new HostSessions(Settings, new HostInventory(Settings, StateStore), line => context.Log.Information("{0}", line));
    }

    /// <summary>How the host runs: a dry run must not reach any host.</summary>
    public RunMode RunMode { get; }

    /// <summary>Where hosts come from (the provider setting), created on first use.</summary>
    public IHostProvider Provider => _provider ??= HostProviders.Create(this);

    /// <summary>Applying (not planning, not listing) with parallelHosts: each host's tasks on a lane of their own.</summary>
    public bool RunsLanesConcurrently => Settings.ParallelHosts && !Settings.Plan && !RunMode.DryRun;

    /// <summary>The run's connections to the hosts.</summary>
    public HostSessions Hosts { get; }

    /// <summary>Cancelled when the user interrupts the run (the first Ctrl+C; see <see cref="RunInterruption"/>).</summary>
    public CancellationToken CancellationToken => _interruption.Token;

    /// <summary>Masks the run's secrets in anything shown or written.</summary>
    public SecretMasker Masker { get; }

    /// <summary>Renders the files of templates/.</summary>
    public TemplateRenderer Templates { get; }

    /// <summary>The settings of this run; check <see cref="SettingsRead"/> (the preflight does) before trusting them.</summary>
    public WorkloadSettings Settings { get; }

    /// <summary>What reading the settings found, problems included.</summary>
    public SettingsRead SettingsRead { get; }

    /// <summary>The state file: what provisioning recorded about the hosts.</summary>
    public StateStore StateStore { get; }

    /// <summary>What the tasks of this run did, for the report and the summary.</summary>
    public RunJournal Journal { get; } = new();

    /// <summary>Closes every connection the run opened (which releases the host locks).</summary>
    public void ReleaseHosts() => Hosts.DisposeAsync().AsTask().GetAwaiter().GetResult();

    public void Dispose()
    {
        (_provider as IDisposable)?.Dispose();
        if (_ownsInterruption)
        {
            _interruption.Dispose();
        }

        GC.SuppressFinalize(this);
    }

    /// <inheritdoc/>
    public int ExitCode => Settings.Plan && Journal.HasPendingChanges ? ExitCodes.ChangesPending : ExitCodes.Success;
}
