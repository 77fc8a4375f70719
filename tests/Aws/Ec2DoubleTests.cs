using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Workload.Providers.Aws;

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
        _ec2.Tick();
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

    [Fact]
    public async Task ANewInstanceIdIsUnknownForAMomentAfterItsLaunch()
    {
        var group = _ec2.AddGroup("g", Ec2Double.DefaultVpcId, []);
        var id = await Launch(group.GroupId, "token");

        var early = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.Client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] }, CancellationToken.None));
        var earlyStatus = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.Client.DescribeInstanceStatusAsync(new DescribeInstanceStatusRequest { InstanceIds = [id] }, CancellationToken.None));
        var listed = await _ec2.Client.DescribeInstancesAsync(new DescribeInstancesRequest(), CancellationToken.None);
        _ec2.Advance(_ec2.NewIdLag);
        var later = await _ec2.Client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = [id] }, CancellationToken.None);

        Assert.Equal("InvalidInstanceID.NotFound", early.ErrorCode);
        Assert.Equal("InvalidInstanceID.NotFound", earlyStatus.ErrorCode);
        Assert.Empty(listed.Reservations);
        Assert.Equal(id, Assert.Single(later.Reservations).Instances[0].InstanceId);
    }

    [Fact]
    public async Task ANewGroupIdIsUnknownToRulesForAMomentAfterItsCreation()
    {
        var created = await _ec2.Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "fresh", Description = "d", VpcId = Ec2Double.DefaultVpcId }, CancellationToken.None);
        var rule = new AuthorizeSecurityGroupIngressRequest
        {
            GroupId = created.GroupId,
            IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 22, ToPort = 22, Ipv4Ranges = [new IpRange { CidrIp = "203.0.113.7/32" }] }],
        };

        var early = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.Client.AuthorizeSecurityGroupIngressAsync(rule, CancellationToken.None));
        _ec2.Advance(_ec2.NewIdLag);
        await _ec2.Client.AuthorizeSecurityGroupIngressAsync(rule, CancellationToken.None);

        Assert.Equal("InvalidGroup.NotFound", early.ErrorCode);
        Assert.Single(_ec2.IngressRulesOf(created.GroupId));
    }

    [Fact]
    public async Task GroupNamesCompareWithoutRegardToCaseAndMayNotStartWithSgDash()
    {
        _ec2.AddGroup("Web", Ec2Double.DefaultVpcId, []);

        var duplicate = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "web", Description = "d", VpcId = Ec2Double.DefaultVpcId }, CancellationToken.None));
        var reserved = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.Client.CreateSecurityGroupAsync(new CreateSecurityGroupRequest { GroupName = "sg-web", Description = "d", VpcId = Ec2Double.DefaultVpcId }, CancellationToken.None));

        Assert.Equal("InvalidGroup.Duplicate", duplicate.ErrorCode);
        Assert.Equal("InvalidParameterValue", reserved.ErrorCode);
    }

    [Fact]
    public async Task TheClientTokenIsComparedWithTheWholeRequestAndOutlivesItsInstance()
    {
        var group = _ec2.AddGroup("g", Ec2Double.DefaultVpcId, []);
        var first = await Launch(group.GroupId, "token", volumeGiB: 20);
        _ec2.Advance(_ec2.NewIdLag);
        await _ec2.Client.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [first] }, CancellationToken.None);
        _ec2.Advance(TimeSpan.FromMinutes(1));

        var again = await Launch(group.GroupId, "token", volumeGiB: 20);
        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Launch(group.GroupId, "token", volumeGiB: 30));

        Assert.Equal(first, again);
        Assert.Equal("terminated", _ec2.InstanceRecords[again].State);
        Assert.Equal("IdempotentParameterMismatch", failure.ErrorCode);
    }

    [Fact]
    public async Task InstanceTypesAreOfferedOnlyInSomeZones()
    {
        var group = _ec2.AddGroup("g", Ec2Double.DefaultVpcId, []);
        var zoneWithoutT3 = _ec2.Subnets.Single(s => s.AvailabilityZone == Ec2Double.ZoneWithoutT3).SubnetId;

        var offerings = await _ec2.Client.DescribeInstanceTypeOfferingsAsync(
            new DescribeInstanceTypeOfferingsRequest { LocationType = LocationType.AvailabilityZone, Filters = [new Filter("instance-type", ["t3.micro"])] }, CancellationToken.None);
        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Launch(group.GroupId, "token", subnetId: zoneWithoutT3));

        Assert.DoesNotContain(Ec2Double.ZoneWithoutT3, offerings.InstanceTypeOfferings.Select(o => o.Location));
        Assert.Equal(5, offerings.InstanceTypeOfferings.Count);
        Assert.Equal("Unsupported", failure.ErrorCode);
    }

    [Fact]
    public async Task ConsoleShowsTheHostKeysOnTheFirstBootOnlyAtOnceWithLatestAndMinutesLaterWithout()
    {
        var group = _ec2.AddGroup("g", Ec2Double.DefaultVpcId, []);
        var id = await Launch(group.GroupId, "token");
        _ec2.Advance(TimeSpan.FromMinutes(2));

        var latest = await Console(id, latest: true);
        var buffered = await Console(id, latest: false);
        _ec2.Advance(_ec2.ConsoleBufferDelay);
        var bufferedLater = await Console(id, latest: false);
        _ec2.Restart(id);
        _ec2.Advance(TimeSpan.FromMinutes(2));
        var afterRestart = await Console(id, latest: true);

        Assert.Contains(ConsoleHostKeys.KeysBegin, latest, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleHostKeys.KeysBegin, buffered, StringComparison.Ordinal);
        Assert.Contains(ConsoleHostKeys.KeysBegin, bufferedLater, StringComparison.Ordinal);
        Assert.DoesNotContain(ConsoleHostKeys.KeysBegin, afterRestart, StringComparison.Ordinal);
        Assert.True(ConsoleHostKeys.ShowsFinishedBoot(afterRestart));
    }

    [Fact]
    public async Task LatestConsoleOutputIsRefusedOnTypesThatAreNotNitro()
    {
        var group = _ec2.AddGroup("g", Ec2Double.DefaultVpcId, []);
        var id = await Launch(group.GroupId, "token", instanceType: "t2.micro");
        _ec2.Advance(TimeSpan.FromMinutes(1));

        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => Console(id, latest: true));

        Assert.Equal("UnsupportedOperation", failure.ErrorCode);
    }

    [Fact]
    public async Task OnlyRsaAndEd25519KeysAreImported()
    {
        using var ecdsa = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var point = ecdsa.ExportParameters(false).Q;
        var blob = new List<byte>();
        foreach (var field in new[] { "ecdsa-sha2-nistp256"u8.ToArray(), "nistp256"u8.ToArray(), [0x04, .. point.X!, .. point.Y!] })
        {
            blob.AddRange(BitConverter.GetBytes(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(field.Length)));
            blob.AddRange(field);
        }

        var line = $"ecdsa-sha2-nistp256 {Convert.ToBase64String(blob.ToArray())} me@host";
        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() => _ec2.Client.ImportKeyPairAsync(
            new ImportKeyPairRequest { KeyName = "k", PublicKeyMaterial = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(line)) }, CancellationToken.None));

        Assert.Equal("InvalidKey.Format", failure.ErrorCode);
        Assert.Empty(_ec2.KeyPairRecords);
    }

    [Fact]
    public async Task ARegionTheAccountHasNotEnabledAnswersAuthFailureAndIsListedAsNotOptedIn()
    {
        var failure = await Assert.ThrowsAsync<AmazonEC2Exception>(() =>
            _ec2.ClientFor("af-south-1").DescribeRegionsAsync(new DescribeRegionsRequest { RegionNames = ["af-south-1"] }, CancellationToken.None));
        var listed = await _ec2.Client.DescribeRegionsAsync(new DescribeRegionsRequest { AllRegions = true, RegionNames = ["af-south-1"] }, CancellationToken.None);
        var enabledOnly = await _ec2.Client.DescribeRegionsAsync(new DescribeRegionsRequest(), CancellationToken.None);

        Assert.Equal("AuthFailure", failure.ErrorCode);
        Assert.Equal("not-opted-in", Assert.Single(listed.Regions).OptInStatus);
        Assert.DoesNotContain("af-south-1", enabledOnly.Regions.Select(r => r.RegionName));
    }

    private async Task<string> Console(string instanceId, bool latest)
    {
        var response = await _ec2.Client.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instanceId, Latest = latest }, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(response.Output));
    }

    private async Task<string> Launch(string groupId, string token, string instanceType = "t3.micro", int volumeGiB = 8, string? subnetId = null)
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
                SubnetId = subnetId,
                BlockDeviceMappings = [new BlockDeviceMapping { DeviceName = "/dev/sda1", Ebs = new EbsBlockDevice { VolumeSize = volumeGiB } }],
            },
            CancellationToken.None);
        return response.Reservation.Instances[0].InstanceId;
    }
}

/// <summary>The SSM double serves the images' public parameters at their publishers' paths, and nothing else.</summary>
public sealed class SsmDoubleTests
{
    private readonly SsmDouble _ssm = new();

    [Theory]
    [InlineData("/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id", Ec2Double.UbuntuAmd64ImageId)]
    [InlineData("/aws/service/debian/release/13/latest/arm64", Ec2Double.DebianArm64ImageId)]
    public async Task PublishersParametersNameTheirImages(string name, string imageId)
    {
        var response = await _ssm.Client.GetParameterAsync(new Amazon.SimpleSystemsManagement.Model.GetParameterRequest { Name = name }, CancellationToken.None);

        Assert.Equal(imageId, response.Parameter.Value);
    }

    [Fact]
    public async Task AnUnknownParameterIsNotFound()
    {
        await Assert.ThrowsAsync<Amazon.SimpleSystemsManagement.Model.ParameterNotFoundException>(() =>
            _ssm.Client.GetParameterAsync(new Amazon.SimpleSystemsManagement.Model.GetParameterRequest { Name = "/aws/service/debian/release/bookworm/latest/amd64" }, CancellationToken.None));
    }
}
