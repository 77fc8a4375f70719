using Amazon.EC2;
using Amazon.EC2.Model;
using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.State;
using Workload.Common;

namespace Workload.Providers.Aws;

/// <summary>
/// The aws provider: each host is an EC2 instance, with a key pair and a security group per role, all found
/// again by their tags on every run. <see cref="CheckAsync"/> first proves the credentials (one clear message
/// when there are none), then checks every setting against AWS, and only reads. <see cref="ApplyAsync"/> creates
/// what is missing, waits for the host with progress, and reads its SSH host key from the console output;
/// re-running it after an interruption finds what the interrupted run made. The ids of the key pair and
/// security groups go into the state file's resources; the host record is returned for the state's hosts.
/// </summary>
public sealed class AwsHostProvider : IHostProvider, IProviderPreflight, IDisposable
{
    private readonly WorkloadSettings _settings;
    private readonly StateStore _state;
    private readonly ICakeLog _log;
    private readonly IAwsConnector _connector;
    private readonly Waiter _waiter;
    private readonly FreshIds _freshIds;
    private readonly ISshProbe _sshProbe;
    private readonly WaitClock? _clock;
    private AwsClients? _clients;
    private AwsTeardown? _teardown;
    private AwsTarget? _target;
    private HostKeyPinning? _pinning;

    public AwsHostProvider(WorkloadSettings settings, StateStore state, ICakeLog log, IAwsConnector connector, WaitClock? clock = null, ISshProbe? sshProbe = null)
    {
        _settings = settings;
        _state = state;
        _log = log;
        _connector = connector;
        _clock = clock;
        _waiter = new Waiter(clock ?? WaitClock.System, log);
        _freshIds = new FreshIds(_waiter.Clock);
        _sshProbe = sshProbe ?? new SshBannerProbe();
    }

    /// <summary>The provider of a real run: credentials from the process environment and ~/.aws, real SDK clients.</summary>
    public static AwsHostProvider Create(WorkloadSettings settings, StateStore stateStore, ICakeLog log, ICakeEnvironment environment) =>
        new(settings, stateStore, log, AwsConnector.ForSettings(settings, AwsEnvironment.Of(environment)));

    public ProviderKind Kind => ProviderKind.Aws;

    /// <summary>The run's preflight: credentials, then every setting checked against AWS (<see cref="AwsPreflight"/>); only reads.</summary>
    public Task PreflightAsync(CancellationToken cancellationToken) =>
        Explained(async () => (await OpenAsync(cancellationToken).ConfigureAwait(false)).Target, cancellationToken);

    public Task<ProvisionCheck> CheckAsync(HostRole role, CancellationToken cancellationToken) =>
        Explained(
            async () =>
            {
                var (clients, target) = await OpenAsync(cancellationToken).ConfigureAwait(false);
                var changes = new List<string>();
                var keyPair = await new KeyPairs(clients, _settings).FindAsync(cancellationToken).ConfigureAwait(false);
                changes.AddRange(KeyPairs.Changes(keyPair, _settings.SshPrivateKey));
                var groups = new SecurityGroups(clients, _settings, target.VpcId, _freshIds);
                changes.AddRange(groups.Changes(await groups.FindAsync(cancellationToken).ConfigureAwait(false)));

                var instances = new HostInstances(clients, _settings, _freshIds);
                var instance = await instances.FindAsync(role, cancellationToken).ConfigureAwait(false);
                if (instance is null)
                {
                    changes.Add(instances.LaunchText(role, target.Hosts[role], target));
                    return new ProvisionCheck(role, changes, null);
                }

                ReportDrift(role, instance, target.Hosts[role]);
                changes.AddRange(InstanceChanges(role, instance));
                if (instance.State?.Name != InstanceStateName.Running || instance.PublicIpAddress is null)
                {
                    return new ProvisionCheck(role, changes, null);
                }

                var hostKey = KnownHostKey(role, instance.InstanceId);
                if (hostKey is null)
                {
                    try
                    {
                        hostKey = (await Pinning(clients).ReadAsync(instance.InstanceId, instance.InstanceType.Value, cancellationToken).ConfigureAwait(false))?.ToString();
                    }
                    catch (HostKeyUnavailableException exception)
                    {
                        if (!AcceptedFirstKey(role, instance))
                        {
                            changes.Add($"pin the SSH host key of {instance.InstanceId}, which its console output does not show ({exception.Message.Split(". ", 2)[0]})");
                        }

                        return new ProvisionCheck(role, changes, Record(instance, null, target, instances));
                    }
                }

                if (hostKey is null && !AcceptedFirstKey(role, instance))
                {
                    changes.Add($"pin the SSH host key of {instance.InstanceId} from its console output");
                }

                return new ProvisionCheck(role, changes, Record(instance, hostKey, target, instances));
            },
            cancellationToken);

    public Task<HostRecord> ApplyAsync(ProvisionCheck check, CancellationToken cancellationToken) =>
        Explained(
            async () =>
            {
                ArgumentNullException.ThrowIfNull(check);
                var role = check.Role;
                var (clients, target) = await OpenAsync(cancellationToken).ConfigureAwait(false);
                var keyName = await new KeyPairs(clients, _settings).EnsureAsync(cancellationToken).ConfigureAwait(false);
                var groupIds = await new SecurityGroups(clients, _settings, target.VpcId, _freshIds).EnsureAsync(cancellationToken).ConfigureAwait(false);
                SaveResources(clients.Region, target.VpcId, keyName, groupIds);

                var instances = new HostInstances(clients, _settings, _freshIds);
                var name = AwsNames.ResourceName(_settings.Project, role);
                var instance = await instances.FindAsync(role, cancellationToken).ConfigureAwait(false);
                if (instance is null)
                {
                    _log.Information("{0}", instances.LaunchText(role, target.Hosts[role], target));
                    instance = await instances.LaunchAsync(role, target.Hosts[role], target, groupIds[role], keyName, cancellationToken).ConfigureAwait(false);
                    _log.Information("{0}: launched {1}", name, instance.InstanceId);
                }
                else
                {
                    _log.Information("{0}: found {1} ({2})", name, instance.InstanceId, instance.State?.Name);
                    ReportDrift(role, instance, target.Hosts[role]);
                    await StartIfStoppedAsync(instances, name, instance, cancellationToken).ConfigureAwait(false);
                }

                if (!HostInstances.RequiresImdsV2(instance))
                {
                    await instances.RequireImdsV2Async(instance.InstanceId, cancellationToken).ConfigureAwait(false);
                }

                var subject = $"{name} {instance.InstanceId}";
                var readiness = new InstanceReadiness(clients, instances, _waiter, _freshIds, _sshProbe, _settings);
                instance = await readiness.WaitAsync(subject, instance.InstanceId, cancellationToken).ConfigureAwait(false);
                var hostKey = KnownHostKey(role, instance.InstanceId)
                    ?? await Pinning(clients).WaitAsync(subject, instance.InstanceId, instance.InstanceType.Value, cancellationToken).ConfigureAwait(false);
                _log.Information("{0}: ready at {1} (private {2})", subject, instance.PublicIpAddress, instance.PrivateIpAddress);
                return Record(instance, hostKey, target, instances);
            },
            cancellationToken);

    /// <summary>
    /// Lists what carries the workload's tags; needs only credentials, so it works when the settings that made the
    /// hosts no longer match AWS (the preflight leaves AWS's checks out for Destroy).
    /// </summary>
    public async Task<TeardownPlan> CheckDestroyAsync(CancellationToken cancellationToken)
    {
        var inventory = await Teardown.ListAsync(cancellationToken).ConfigureAwait(false);
        return new InventoryTeardown(
            inventory,
            inventory.Deletions().ToList(),
            inventory.LeftAlone.Select(r => $"{r} has the workload's name but not its tags (Project={_settings.Project}, ManagedBy={AwsNames.ManagedByValue})").ToList(),
            $"Nothing to destroy: no AWS resource of project {_settings.Project} is left.");
    }

    /// <summary>Terminates the instances, then deletes the groups and the key pair (<see cref="AwsTeardown"/>).</summary>
    public Task DestroyAsync(TeardownPlan plan, CancellationToken cancellationToken) =>
        Teardown.DestroyAsync(((InventoryTeardown)plan).Inventory, cancellationToken);

    /// <summary>The resource ids this provider recorded, and the hosts that are EC2 instances; hosts of other providers stay.</summary>
    public bool Forget(WorkloadState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var awsKeys = state.Resources.Keys.Where(k => k.StartsWith(AwsResourceKeys.Prefix, StringComparison.Ordinal)).ToList();
        var awsHosts = state.Hosts.Where(h => h.Value.Id.StartsWith("i-", StringComparison.Ordinal)).Select(h => h.Key).ToList();
        awsKeys.ForEach(k => state.Resources.Remove(k));
        awsHosts.ForEach(h => state.Hosts.Remove(h));
        return awsKeys.Count > 0 || awsHosts.Count > 0;
    }

    public void Dispose()
    {
        _teardown?.Dispose();
        _clients?.Dispose();
    }

    private AwsTeardown Teardown => _teardown ??= new AwsTeardown(_connector, _settings, _log, _clock);

    /// <summary>Connects (credentials first) and checks the settings against AWS, once per run.</summary>
    private async Task<(AwsClients Clients, AwsTarget Target)> OpenAsync(CancellationToken cancellationToken)
    {
        if (_clients is null)
        {
            _clients = await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
            _log.Verbose("AWS: region {0}", _clients.Region);
        }

        _target ??= await new AwsPreflight(_clients, _settings).RunAsync(cancellationToken).ConfigureAwait(false);
        return (_clients, _target);
    }

    private HostKeyPinning Pinning(AwsClients clients) => _pinning ??= new HostKeyPinning(clients, _waiter, _freshIds, _log, _settings);

    private Task<T> Explained<T>(Func<Task<T>> action, CancellationToken cancellationToken) =>
        AwsFailures.ExplainedAsync(action, () => _clients?.Region ?? _settings.AwsRegion, cancellationToken);

    private static IEnumerable<string> InstanceChanges(HostRole role, Instance instance)
    {
        var state = instance.State?.Name;
        if (state == InstanceStateName.Stopped || state == InstanceStateName.Stopping)
        {
            yield return $"start instance {instance.InstanceId} ({AwsNames.RoleKey(role)}), now {state}";
        }
        else if (state == InstanceStateName.Pending)
        {
            yield return $"wait for instance {instance.InstanceId} ({AwsNames.RoleKey(role)}), now pending";
        }

        if (!HostInstances.RequiresImdsV2(instance))
        {
            yield return $"require IMDSv2 on instance {instance.InstanceId}";
        }
    }

    private async Task StartIfStoppedAsync(HostInstances instances, string name, Instance instance, CancellationToken cancellationToken)
    {
        if (instance.State?.Name == InstanceStateName.Stopping)
        {
            await _waiter.UntilAsync(
                $"{name} {instance.InstanceId}",
                _waiter.Clock.UtcNow.AddSeconds(_settings.AwsReadyTimeoutSeconds),
                TimeSpan.FromSeconds(5),
                async token => (await instances.GetAsync(instance.InstanceId, token).ConfigureAwait(false)).State?.Name == InstanceStateName.Stopped
                    ? WaitStep.Ready(true)
                    : WaitStep.Pending<bool>("instance is stopping; it is started once stopped"),
                status => new AwsProvisioningException($"{name} {instance.InstanceId} did not stop within {_settings.AwsReadyTimeoutSeconds} s ({status})."),
                cancellationToken).ConfigureAwait(false);
        }

        if (instance.State?.Name == InstanceStateName.Stopped || instance.State?.Name == InstanceStateName.Stopping)
        {
            _log.Information("{0}: starting {1}", name, instance.InstanceId);
            await instances.StartAsync(instance.InstanceId, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Differences the tool reports but does not change by itself: replacing a host is the user's decision.</summary>
    private void ReportDrift(HostRole role, Instance instance, HostSpec spec)
    {
        if (instance.InstanceType?.Value != spec.InstanceType)
        {
            _log.Warning(
                "{0}: instance {1} is a {2}, the settings ask for {3}; the tool does not resize a host (stop it and change its type, or Destroy and provision again).",
                AwsNames.ResourceName(_settings.Project, role), instance.InstanceId, instance.InstanceType?.Value, spec.InstanceType);
        }
    }

    /// <summary>With accept-new, a recorded host without a console key had its first key recorded by the SSH transport.</summary>
    private bool AcceptedFirstKey(HostRole role, Instance instance) =>
        _settings.HostKeyPolicy == "accept-new" && RecordedInstance(role) == instance.InstanceId;

    private string? RecordedInstance(HostRole role) =>
        _state.Load().Hosts.TryGetValue(AwsNames.RoleKey(role), out var record) ? record.Id : null;

    /// <summary>The host key pinned before for this very instance; a new instance has new keys.</summary>
    private string? KnownHostKey(HostRole role, string instanceId) =>
        _state.Load().Hosts.TryGetValue(AwsNames.RoleKey(role), out var record) && record.Id == instanceId ? record.HostKey : null;

    /// <summary>
    /// The host as the state records it. Its login user is sshUser when that is set; else the one the instance
    /// was launched for (its LoginUser tag), so a later change of awsImageFamily never locks out a running host.
    /// </summary>
    private HostRecord Record(Instance instance, string? hostKey, AwsTarget target, HostInstances instances) => new()
    {
        Id = instance.InstanceId,
        PublicAddress = instance.PublicIpAddress ?? string.Empty,
        PrivateAddress = instance.PrivateIpAddress ?? string.Empty,
        User = _settings.Origins.GetValueOrDefault("sshUser", "default") == "default"
            ? AwsNames.TagValue(instance.Tags, HostInstances.LoginUserTag) ?? instances.LoginUser(target.Family)
            : _settings.SshUser,
        Port = _settings.SshPort,
        KeyFile = _settings.SshPrivateKey,
        HostKey = hostKey,
    };

    private void SaveResources(string region, string vpcId, string keyName, IReadOnlyDictionary<HostRole, string> groupIds)
    {
        var state = _state.Load();
        var before = string.Join(';', state.Resources.Select(r => $"{r.Key}={r.Value}"));
        foreach (var (key, value) in AwsResourceKeys.Entries(region, vpcId, keyName, groupIds))
        {
            state.Resources[key] = value;
        }

        if (before != string.Join(';', state.Resources.Select(r => $"{r.Key}={r.Value}")))
        {
            _state.Save(state);
        }
    }
}

/// <summary>What Destroy found in AWS.</summary>
internal sealed record InventoryTeardown(AwsInventory Inventory, IReadOnlyList<string> Deletions, IReadOnlyList<string> LeftAlone, string NothingLeft)
    : TeardownPlan(Deletions, LeftAlone, NothingLeft);
