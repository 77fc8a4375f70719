using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Common;

namespace Workload.Providers.Aws;

/// <summary>
/// Destroy's work in AWS: lists what carries the workload's tags (Project and ManagedBy), then terminates the
/// instances and waits until they are gone, removes the rules by which the groups refer to each other, deletes the
/// groups and the key pair. Only resources with both tags are touched; running it again finds nothing to do.
/// </summary>
public sealed class AwsTeardown(IAwsConnector connector, WorkloadSettings settings, ICakeLog log, WaitClock? clock = null) : IDisposable
{
    private static readonly List<string> NotTerminated = ["pending", "running", "shutting-down", "stopping", "stopped"];
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <summary>How long a group may stay "in use" after its instances terminated (their network interfaces go a little later).</summary>
    private static readonly TimeSpan GroupReleaseTimeout = TimeSpan.FromMinutes(3);
    private readonly Waiter _waiter = new(clock ?? WaitClock.System, log);
    private AwsClients? _clients;

    /// <summary>Lists the workload's resources (and the look-alikes it will not touch). Changes nothing.</summary>
    public Task<AwsInventory> ListAsync(CancellationToken cancellationToken) =>
        Explained(async clients =>
        {
            var ours = AwsNames.OwnershipFilters(settings.Project);
            var instances = await InstancesAsync(clients, [.. ours, new Filter("instance-state-name", NotTerminated)], cancellationToken).ConfigureAwait(false);
            var groups = (await clients.Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = ours }, cancellationToken).ConfigureAwait(false)).SecurityGroups ?? [];
            var keyPairs = (await clients.Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { Filters = ours }, cancellationToken).ConfigureAwait(false)).KeyPairs ?? [];

            // The workload's names on resources without its tags: named so the user knows why they remain.
            var names = new[] { HostRole.Jenkins, HostRole.Monitoring }.Select(r => AwsNames.ResourceName(settings.Project, r)).ToList();
            var alikeInstances = await InstancesAsync(clients, [new Filter($"tag:{AwsNames.NameTag}", names), new Filter("instance-state-name", NotTerminated)], cancellationToken).ConfigureAwait(false);
            var alikeGroups = (await clients.Ec2.DescribeSecurityGroupsAsync(new DescribeSecurityGroupsRequest { Filters = [new Filter("group-name", names)] }, cancellationToken).ConfigureAwait(false)).SecurityGroups ?? [];
            var alikeKeys = (await clients.Ec2.DescribeKeyPairsAsync(new DescribeKeyPairsRequest { Filters = [new Filter("key-name", [AwsNames.KeyPairName(settings.Project)])] }, cancellationToken).ConfigureAwait(false)).KeyPairs ?? [];
            var leftAlone = alikeInstances.Concat(instances).Where(i => !AwsNames.IsOurs(i.Tags, settings.Project)).Select(i => $"instance {i.InstanceId}")
                .Concat(alikeGroups.Concat(groups).Where(g => !AwsNames.IsOurs(g.Tags, settings.Project)).Select(g => $"security group {g.GroupId} ({g.GroupName})"))
                .Concat(alikeKeys.Concat(keyPairs).Where(k => !AwsNames.IsOurs(k.Tags, settings.Project)).Select(k => $"key pair {k.KeyName}"))
                .Distinct(StringComparer.Ordinal)
                .ToList();

            // Checked again one by one: a filter that matched more than it should must never lead to a deletion.
            return new AwsInventory(
                instances.Where(i => AwsNames.IsOurs(i.Tags, settings.Project)).ToList(),
                groups.Where(g => AwsNames.IsOurs(g.Tags, settings.Project)).ToList(),
                keyPairs.Where(k => AwsNames.IsOurs(k.Tags, settings.Project)).ToList(),
                leftAlone);
        }, cancellationToken);

    /// <summary>Deletes what <see cref="ListAsync"/> found: instances first (waiting until terminated), then groups, then key pairs.</summary>
    public Task<AwsInventory> DestroyAsync(AwsInventory inventory, CancellationToken cancellationToken) =>
        Explained(async clients =>
        {
            ArgumentNullException.ThrowIfNull(inventory);
            var instanceIds = inventory.Instances.Select(i => i.InstanceId).ToList();
            if (instanceIds.Count > 0)
            {
                log.Information("Terminating {0}", string.Join(", ", instanceIds));
                await clients.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = instanceIds }, cancellationToken).ConfigureAwait(false);
                await WaitTerminatedAsync(clients, instanceIds, cancellationToken).ConfigureAwait(false);
            }

            foreach (var group in inventory.SecurityGroups)
            {
                await RevokeGroupReferencesAsync(clients, group.GroupId, cancellationToken).ConfigureAwait(false);
            }

            foreach (var group in inventory.SecurityGroups)
            {
                await DeleteGroupAsync(clients, group, cancellationToken).ConfigureAwait(false);
            }

            foreach (var keyPair in inventory.KeyPairs)
            {
                log.Information("Deleting key pair {0}", keyPair.KeyName);
                await clients.Ec2.DeleteKeyPairAsync(new DeleteKeyPairRequest { KeyPairId = keyPair.KeyPairId }, cancellationToken).ConfigureAwait(false);
            }

            return inventory;
        }, cancellationToken);

    public void Dispose() => _clients?.Dispose();

    private static Task<List<Instance>> InstancesAsync(AwsClients clients, List<Filter> filters, CancellationToken cancellationToken) =>
        HostInstances.DescribeAllAsync(clients.Ec2, new DescribeInstancesRequest { Filters = filters }, cancellationToken);

    private async Task WaitTerminatedAsync(AwsClients clients, List<string> instanceIds, CancellationToken cancellationToken) =>
        await _waiter.UntilAsync(
            "Destroy",
            _waiter.Clock.UtcNow.AddSeconds(settings.AwsReadyTimeoutSeconds),
            PollInterval,
            async token =>
            {
                var current = await InstancesAsync(clients, [new Filter("instance-id", instanceIds)], token).ConfigureAwait(false);
                var remaining = current.Where(i => i.State?.Name != InstanceStateName.Terminated).ToList();
                return remaining.Count == 0
                    ? WaitStep.Ready(true)
                    : WaitStep.Pending<bool>("waiting for " + string.Join(", ", remaining.Select(i => $"{i.InstanceId} ({i.State?.Name})")) + " to terminate");
            },
            status => new AwsProvisioningException($"The instances did not terminate within {settings.AwsReadyTimeoutSeconds} s ({status}); re-run Destroy to go on."),
            cancellationToken).ConfigureAwait(false);

    /// <summary>The Jenkins group lets the monitoring group in: that rule must go before either group can be deleted.</summary>
    private static async Task RevokeGroupReferencesAsync(AwsClients clients, string groupId, CancellationToken cancellationToken)
    {
        var rules = (await clients.Ec2.DescribeSecurityGroupRulesAsync(
            new DescribeSecurityGroupRulesRequest { Filters = [new Filter("group-id", [groupId])] }, cancellationToken).ConfigureAwait(false)).SecurityGroupRules ?? [];
        var ingress = rules.Where(r => r.IsEgress != true && r.ReferencedGroupInfo?.GroupId is not null).Select(r => r.SecurityGroupRuleId).ToList();
        var egress = rules.Where(r => r.IsEgress == true && r.ReferencedGroupInfo?.GroupId is not null).Select(r => r.SecurityGroupRuleId).ToList();
        if (ingress.Count > 0)
        {
            await clients.Ec2.RevokeSecurityGroupIngressAsync(new RevokeSecurityGroupIngressRequest { GroupId = groupId, SecurityGroupRuleIds = ingress }, cancellationToken).ConfigureAwait(false);
        }

        if (egress.Count > 0)
        {
            await clients.Ec2.RevokeSecurityGroupEgressAsync(new RevokeSecurityGroupEgressRequest { GroupId = groupId, SecurityGroupRuleIds = egress }, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes a group, retrying while EC2 still counts the terminated instances' network interfaces as users of it.</summary>
    private async Task DeleteGroupAsync(AwsClients clients, SecurityGroup group, CancellationToken cancellationToken)
    {
        log.Information("Deleting security group {0} ({1})", group.GroupId, group.GroupName);
        await _waiter.UntilAsync(
            "Destroy",
            _waiter.Clock.UtcNow + GroupReleaseTimeout,
            PollInterval,
            async token =>
            {
                try
                {
                    await clients.Ec2.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = group.GroupId }, token).ConfigureAwait(false);
                    return WaitStep.Ready(true);
                }
                catch (AmazonServiceException exception) when (exception.ErrorCode == "InvalidGroup.NotFound")
                {
                    return WaitStep.Ready(true);
                }
                catch (AmazonServiceException exception) when (exception.ErrorCode == "DependencyViolation")
                {
                    return WaitStep.Pending<bool>($"security group {group.GroupName} is still in use ({exception.Message})");
                }
            },
            status => new AwsProvisioningException(
                $"The security group {group.GroupId} ({group.GroupName}) could not be deleted: {status}. Something the tool did not make uses or refers to it; " +
                "remove that use (EC2 console, the group's 'references') and re-run Destroy."),
            cancellationToken).ConfigureAwait(false);
    }

    private Task<T> Explained<T>(Func<AwsClients, Task<T>> action, CancellationToken cancellationToken) =>
        AwsFailures.ExplainedAsync(
            async () =>
            {
                _clients ??= await connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
                return await action(_clients).ConfigureAwait(false);
            },
            () => _clients?.Region ?? settings.AwsRegion,
            cancellationToken);
}
