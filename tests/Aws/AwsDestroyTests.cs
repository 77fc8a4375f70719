using Amazon.EC2.Model;
using Workload.Providers.Aws;
using Workload.State;
using Workload.Common;

namespace Workload.Tests.Aws;

public sealed class AwsDestroyTests : IDisposable
{
    private readonly AwsWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task DestroyRemovesOnlyTheWorkloadsTaggedResources()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);
        await _world.ProvisionAsync(settings, HostRole.Monitoring);
        var ec2 = _world.Ec2;

        // Look-alikes and neighbours that Destroy must leave alone.
        var otherProject = ec2.AddForeignInstance([new Tag("Project", "other"), new Tag("ManagedBy", AwsNames.ManagedByValue), new Tag("Role", "jenkins")]);
        var untagged = ec2.AddForeignInstance([new Tag("Name", "microblog-jenkins"), new Tag("Project", "microblog")]);
        var handMadeGroup = ec2.AddGroup("microblog-extra", Ec2Double.DefaultVpcId, [new Tag("Project", "microblog")]);
        var otherGroup = ec2.AddGroup("other-jenkins", Ec2Double.DefaultVpcId, [new Tag("Project", "other"), new Tag("ManagedBy", AwsNames.ManagedByValue)]);
        ec2.AddKeyPair("other-key", ec2.KeyPairRecords["microblog-key"].PublicKey, [new Tag("Project", "other"), new Tag("ManagedBy", AwsNames.ManagedByValue)]);

        using var teardown = _world.Teardown(settings);
        var inventory = await teardown.ListAsync(CancellationToken.None);
        Assert.Equal(2, inventory.Instances.Count);
        Assert.Equal(2, inventory.SecurityGroups.Count);
        Assert.Single(inventory.KeyPairs);
        Assert.Contains($"instance {untagged.Id}", inventory.LeftAlone);
        Assert.DoesNotContain(ec2.MutatingCalls, c => c is "TerminateInstances" or "DeleteSecurityGroup" or "DeleteKeyPair");

        await teardown.DestroyAsync(inventory, CancellationToken.None);

        Assert.All(inventory.Instances, i => Assert.Equal("terminated", ec2.InstanceRecords[i.InstanceId].State));
        Assert.Equal("running", ec2.InstanceRecords[otherProject.Id].State);
        Assert.Equal("running", ec2.InstanceRecords[untagged.Id].State);
        Assert.Equal([handMadeGroup.GroupId, otherGroup.GroupId], ec2.GroupRecords.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["other-key"], ec2.KeyPairRecords.Keys);
        Assert.Contains(_world.Log.Lines, l => l.Contains("to terminate", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DestroyAgainFindsNothingAndChangesNothing()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);
        using (var first = _world.Teardown(settings))
        {
            await first.DestroyAsync(await first.ListAsync(CancellationToken.None), CancellationToken.None);
        }

        var mutating = _world.Ec2.MutatingCalls.Count;
        using var second = _world.Teardown(settings);
        var inventory = await second.ListAsync(CancellationToken.None);

        Assert.True(inventory.IsEmpty);
        Assert.Empty(inventory.Deletions());
        Assert.Equal(mutating, _world.Ec2.MutatingCalls.Count);
    }

    [Fact]
    public async Task ProvisioningAfterDestroyMakesFreshResources()
    {
        var settings = _world.Settings();
        var before = await _world.ProvisionAsync(settings, HostRole.Jenkins);
        using (var teardown = _world.Teardown(settings))
        {
            await teardown.DestroyAsync(await teardown.ListAsync(CancellationToken.None), CancellationToken.None);
        }

        // The private key file is kept; its public half is imported as the new key pair.
        var after = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.NotEqual(before.Id, after.Id);
        Assert.Equal("running", _world.Ec2.InstanceRecords[after.Id].State);
        Assert.Contains("ImportKeyPair", _world.Ec2.MutatingCalls);
    }

    [Fact]
    public async Task GroupReferencedByAForeignGroupIsReportedNotForced()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);
        var ec2 = _world.Ec2;
        var ours = ec2.GroupRecords.Values.Single(g => g.GroupName == "microblog-monitoring").GroupId;
        var foreign = ec2.AddGroup("bastion", Ec2Double.DefaultVpcId, []);
        await ec2.AuthorizeSecurityGroupIngressAsync(
            new AuthorizeSecurityGroupIngressRequest
            {
                GroupId = foreign.GroupId,
                IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 22, ToPort = 22, UserIdGroupPairs = [new UserIdGroupPair { GroupId = ours }] }],
            },
            CancellationToken.None);

        using var teardown = _world.Teardown(settings);
        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(
            async () => await teardown.DestroyAsync(await teardown.ListAsync(CancellationToken.None), CancellationToken.None));

        Assert.Contains(ours, failure.Message, StringComparison.Ordinal);
        Assert.Contains("re-run Destroy", failure.Message, StringComparison.Ordinal);
        Assert.True(ec2.GroupRecords.ContainsKey(foreign.GroupId));
    }

    [Fact]
    public async Task TheProviderListsDeletesAndForgetsWhatItMade()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);
        using var provider = _world.Provider(settings);

        var plan = await provider.CheckDestroyAsync(CancellationToken.None);
        Assert.Contains(plan.Deletions, d => d.StartsWith("terminate instance i-", StringComparison.Ordinal));
        Assert.Contains(plan.Deletions, d => d.StartsWith("delete key pair microblog-key", StringComparison.Ordinal));
        Assert.DoesNotContain(_world.Ec2.MutatingCalls, c => c is "TerminateInstances" or "DeleteSecurityGroup" or "DeleteKeyPair");

        await provider.DestroyAsync(plan, CancellationToken.None);
        var store = new StateStore(settings.StateFile, settings.Project);
        var state = store.Load();
        Assert.True(provider.Forget(state));
        Assert.Empty(state.Hosts);
        Assert.DoesNotContain(state.Resources.Keys, k => k.StartsWith(AwsResourceKeys.Prefix, StringComparison.Ordinal));

        using var again = _world.Provider(settings);
        Assert.Empty((await again.CheckDestroyAsync(CancellationToken.None)).Deletions);
    }

    [Fact]
    public async Task DestroyStopsWaitingWhenTheRunIsInterrupted()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);
        using var interruption = new CancellationTokenSource();
        using var provider = new AwsHostProvider(
            settings, new StateStore(settings.StateFile, settings.Project), _world.Log, _world.Connector(settings), new InterruptingClock(_world.Clock, interruption), _world.Ssh);

        var plan = await provider.CheckDestroyAsync(interruption.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.DestroyAsync(plan, interruption.Token));

        // Interrupted while the instances terminate: the groups and the key pair are left for the next run.
        Assert.Contains("TerminateInstances", _world.Ec2.MutatingCalls);
        Assert.DoesNotContain(_world.Ec2.MutatingCalls, c => c is "DeleteSecurityGroup" or "DeleteKeyPair");
    }

    /// <summary>A user's Ctrl+C at the first wait.</summary>
    private sealed class InterruptingClock(WaitClock inner, CancellationTokenSource interruption) : WaitClock
    {
        public override DateTimeOffset UtcNow => inner.UtcNow;

        public override async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
        {
            await interruption.CancelAsync();
            await inner.DelayAsync(delay, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
