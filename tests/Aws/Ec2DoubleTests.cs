using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Xunit;

namespace Workload.Tests.Aws;

/// <summary>The double enforces what the tool relies on; these tests pin that down so it cannot quietly become lenient.</summary>
public sealed class Ec2DoubleTests
{
    private readonly Ec2Double _ec2 = new();

    [Fact]
    public async Task CallsTheToolDoesNotMakeAreRefusedByName()
    {
        var failure = await Assert.ThrowsAsync<NotSupportedException>(() => _ec2.Client.AllocateAddressAsync(new AllocateAddressRequest(), CancellationToken.None));

        Assert.Contains("IAmazonEC2.AllocateAddressAsync", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GroupNamesAreUniquePerVpc()
    {
        await _ec2.Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "web", Description = "d", VpcId = Ec2Double.DefaultVpcId }, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "web", Description = "d", VpcId = Ec2Double.DefaultVpcId }, CancellationToken.None));

        Assert.Equal("InvalidGroup.Duplicate", failure.ErrorCode);
    }

    [Fact]
    public async Task GroupReferencedByAnotherGroupOrUsedByAnInstanceCannotBeDeleted()
    {
        var referenced = _ec2.AddGroup("a", Ec2Double.DefaultVpcId, []);
        var referring = _ec2.AddGroup("b", Ec2Double.DefaultVpcId, []);
        await _ec2.Client.AuthorizeSecurityGroupIngressAsync(
            new AuthorizeSecurityGroupIngressRequest
            {
                GroupId = referring.GroupId,
                IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 9100, ToPort = 9100, UserIdGroupPairs = [new UserIdGroupPair { GroupId = referenced.GroupId }] }],
            },
            CancellationToken.None);

        var referencedFailure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.Client.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = referenced.GroupId }, CancellationToken.None));
        Assert.Equal("DependencyViolation", referencedFailure.ErrorCode);

        var instance = await Launch(referring.GroupId, "token");
        var usedFailure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.Client.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = referring.GroupId }, CancellationToken.None));
        Assert.Equal("DependencyViolation", usedFailure.ErrorCode);

        await _ec2.Client.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [instance] }, CancellationToken.None);
        await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.Client.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = referring.GroupId }, CancellationToken.None));
        _ec2.Tick();
        _ec2.Tick();
        await _ec2.Client.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = referring.GroupId }, CancellationToken.None);
        await _ec2.Client.DeleteSecurityGroupAsync(new DeleteSecurityGroupRequest { GroupId = referenced.GroupId }, CancellationToken.None);
        Assert.Empty(_ec2.GroupRecords);
    }

    [Fact]
    public async Task SameClientTokenGivesTheSameInstanceAndOtherParametersAreRefused()
    {
        var group = _ec2.AddGroup("g", Ec2Double.DefaultVpcId, []);

        var first = await Launch(group.GroupId, "token");
        var again = await Launch(group.GroupId, "token");
        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Launch(group.GroupId, "token", "t3.small"));

        Assert.Equal(first, again);
        Assert.Single(_ec2.InstanceRecords);
        Assert.Equal("IdempotentParameterMismatch", failure.ErrorCode);
    }

    [Fact]
    public async Task InstancesMoveThroughTheirStatesAsTimePasses()
    {
        var group = _ec2.AddGroup("g", Ec2Double.DefaultVpcId, []);
        var id = await Launch(group.GroupId, "token");
        var states = new List<string>();
        for (var tick = 0; tick < 3; tick++)
        {
            states.Add(_ec2.InstanceRecords[id].State);
            _ec2.Tick();
        }

        Assert.Equal(["pending", "pending", "running"], states);
    }

    [Fact]
    public async Task TagFiltersMatchOnlyTaggedResources()
    {
        _ec2.AddGroup("tagged", Ec2Double.DefaultVpcId, [new Tag("Project", "p")]);
        _ec2.AddGroup("untagged", Ec2Double.DefaultVpcId, []);

        var response = await _ec2.Client.DescribeSecurityGroupsAsync(
            new DescribeSecurityGroupsRequest { Filters = [new Filter("tag:Project", ["p"])] }, CancellationToken.None);

        Assert.Equal(["tagged"], response.SecurityGroups.Select(g => g.GroupName));
    }

    [Fact]
    public async Task UnknownFilterIsAnErrorNotAMatch()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            _ec2.Client.DescribeInstancesAsync(new DescribeInstancesRequest { Filters = [new Filter("availability-zone", ["us-east-1a"])] }, CancellationToken.None));
    }

    [Fact]
    public async Task RejectedCredentialsFailEveryCall()
    {
        _ec2.RejectCredentialsWith = "AuthFailure";

        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.Client.DescribeRegionsAsync(new DescribeRegionsRequest(), CancellationToken.None));

        Assert.Equal("AuthFailure", failure.ErrorCode);
        Assert.Equal(ErrorType.Sender, failure.ErrorType);
    }

    private async Task<string> Launch(string groupId, string token, string instanceType = "t3.micro")
    {
        var response = await _ec2.Client.RunInstancesAsync(
            new RunInstancesRequest
            {
                ClientToken = token,
                ImageId = Ec2Double.UbuntuAmd64ImageId,
                InstanceType = instanceType,
                MinCount = 1,
                MaxCount = 1,
                SecurityGroupIds = [groupId],
            },
            CancellationToken.None);
        return response.Reservation.Instances[0].InstanceId;
    }
}
