using System.Runtime.Versioning;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.State;

namespace Workload.Providers.Local;

/// <summary>
/// The <c>local</c> provider: the workload's hosts are systemd hosts of the local testbed on this machine, named
/// <c>PROJECT-jenkins</c> and <c>PROJECT-monitoring</c>, reached over SSH at their bridge address as <c>ubuntu</c>
/// with the client key from the settings, their host key pinned from the moment it was generated.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class LocalHostProvider : IHostProvider
{
    private readonly WorkloadSettings settings;
    private readonly Action<string> progress;

    /// <summary>A provider for the settings' project and testbed, reporting to Cake's log.</summary>
    public LocalHostProvider(WorkloadSettings settings, ICakeLog log)
        : this(settings, message => log.Information("{0}", message))
    {
    }

    /// <summary>A provider for the settings' project and testbed; <paramref name="progress"/> receives what it does, one line at a time.</summary>
    public LocalHostProvider(WorkloadSettings settings, Action<string> progress)
    {
        this.settings = settings;
        this.progress = progress;
        Testbed = new LocalTestbed(LocalTestbedOptions.FromSettings(settings), progress);
    }

    /// <inheritdoc/>
    public ProviderKind Kind => ProviderKind.Local;

    /// <summary>The testbed the hosts live in.</summary>
    public LocalTestbed Testbed { get; }

    private string KeyFile => Path.GetFullPath(settings.SshPrivateKey);

    /// <summary>The machine name of a role's host: <c>PROJECT-jenkins</c> or <c>PROJECT-monitoring</c>.</summary>
    public static string MachineName(string project, HostRole role) => $"{project}-{role.ToString().ToLowerInvariant()}";

    /// <inheritdoc/>
    public Task<ProvisionCheck> CheckAsync(HostRole role, CancellationToken cancellationToken)
    {
        TestbedPrerequisites.Check();
        var name = HostName(role);
        var status = Testbed.InspectHost(name);
        var changes = new List<string>();
        if (!ClientKeyPair.Exists(KeyFile))
        {
            changes.Add($"generate SSH client key {KeyFile}");
        }

        var release = Testbed.Options.Release;
        if (!status.Exists && !Testbed.IsRootFilesystemCached)
        {
            changes.Add($"build the hosts' root filesystem in {Testbed.Options.RootfsCache} ({release.Name}, debootstrap {release.Codename})");
        }

        if (!status.Exists)
        {
            changes.Add($"create machine {name} ({release.Name})");
        }
        else if (status.Metadata is { } metadata && LocalTestbed.ReleaseOf(metadata) is { } found && found != release)
        {
            // Its disk is an overlay over that release's root filesystem: it cannot change release in place.
            progress($"machine {name} runs {found.Name}, not {release.Name} as localDebianRelease says; the setting applies to new machines (Destroy, then Deploy, to recreate it)");
        }
        else if (!status.IsRunning)
        {
            changes.Add($"start machine {name}");
        }

        var existing = status is { IsRunning: true, Address: not null } && changes.Count == 0 ? Record(name, status.Address.ToString(), status.Metadata!.HostKey) : null;
        return Task.FromResult(new ProvisionCheck(role, changes, existing));
    }

    /// <inheritdoc/>
    public async Task<HostRecord> ApplyAsync(ProvisionCheck check, CancellationToken cancellationToken)
    {
        var publicKey = await ClientKeyPair.EnsureAsync(KeyFile, progress, cancellationToken).ConfigureAwait(false);
        var host = await Testbed.EnsureHostAsync(HostName(check.Role), publicKey, cancellationToken).ConfigureAwait(false);
        return Record(host.Name, host.Address.ToString(), host.HostKey);
    }

    /// <summary>Lists the project's testbed machines; the testbed itself stays for other projects.</summary>
    public Task<TeardownPlan> CheckDestroyAsync(CancellationToken cancellationToken)
    {
        var machines = Enum.GetValues<HostRole>()
            .Select(role => MachineName(settings.Project, role))
            .Where(name => Testbed.InspectHost(name).Exists)
            .ToList();
        return Task.FromResult<TeardownPlan>(new MachinesTeardown(
            machines,
            machines.Select(name => $"delete testbed machine {name} and its disk").ToList(),
            $"Nothing to destroy: project {settings.Project} has no testbed machine."));
    }

    /// <summary>Stops and deletes the machines listed (their disks too).</summary>
    public async Task DestroyAsync(TeardownPlan plan, CancellationToken cancellationToken)
    {
        foreach (var machine in ((MachinesTeardown)plan).Machines)
        {
            await Testbed.DestroyHostAsync(machine, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every host the state records was one of the project's machines.</summary>
    public bool Forget(WorkloadState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var known = state.Hosts.Count > 0;
        state.Hosts.Clear();
        return known;
    }

    private string HostName(HostRole role)
    {
        var name = MachineName(settings.Project, role);
        return LocalTestbed.IsValidHostName(name)
            ? name
            : throw new ConfigurationException(
                $"project: \"{settings.Project}\" makes the machine name \"{name}\"; the local provider needs lowercase letters, digits and '-' (at most 63 characters in all)");
    }

    private HostRecord Record(string name, string address, string hostKey) => new()
    {
        Id = name,
        PublicAddress = address,
        PrivateAddress = address,
        User = RootFilesystemCache.LoginUser,
        Port = 22,
        KeyFile = KeyFile,
        HostKey = hostKey,
    };
}

/// <summary>The project's testbed machines that Destroy deletes.</summary>
internal sealed record MachinesTeardown(IReadOnlyList<string> Machines, IReadOnlyList<string> Deletions, string NothingLeft)
    : TeardownPlan(Deletions, [], NothingLeft);
