using Cake.Core;
using Workload.Configuration;
using Workload.Frosting;
using Workload.Secrets;
using Workload.State;
using Workload.Templates;

namespace Workload;

/// <summary>
/// The context every task of the workload receives. It is filled once, when the run starts: the settings are
/// read and checked here, so bad configuration stops the run before any task.
/// </summary>
public partial class WorkloadContext : FrostingContext, IRunOutcome
{
    public WorkloadContext(ICakeContext context, SecretMasker masker)
        : base(context)
    {
        Masker = masker;
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
    }

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

    /// <summary>Closes every connection the run opened.</summary>
    public void ReleaseHosts() => Journal.Close();

    /// <inheritdoc/>
    public int ExitCode => Settings.Plan && Journal.HasPendingChanges ? ExitCodes.ChangesPending : ExitCodes.Success;
}
