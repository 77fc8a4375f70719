using Amazon.EC2.Model;
using Workload.Providers.Aws;
using Workload.State;

namespace Workload.Tests.Aws;

public sealed class AwsProvisioningTests : IDisposable
{
    private readonly AwsWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task PlanOnAFreshAccountListsEverythingAndChangesNothing()
    {
        var settings = _world.Settings();
        using var provider = _world.Provider(settings);

        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        Assert.False(check.InSync);
        Assert.Null(check.Existing);
        Assert.Contains(check.Changes, c => c.StartsWith("create key pair microblog-key (ed25519)", StringComparison.Ordinal));
        Assert.Contains("create security group microblog-monitoring in " + Ec2Double.DefaultVpcId, check.Changes);
        Assert.Contains("create security group microblog-jenkins in " + Ec2Double.DefaultVpcId, check.Changes);
        Assert.Equal(7, check.Changes.Count(c => c.Contains("the ingress rule tcp/", StringComparison.Ordinal)));
        Assert.Contains(check.Changes, c => c.StartsWith("launch instance microblog-jenkins: t3.small, " + Ec2Double.UbuntuAmd64ImageId, StringComparison.Ordinal));
        Assert.Empty(_world.Ec2.MutatingCalls);
        Assert.Equal("DescribeRegions", _world.Ec2.Calls[0]);
    }

    [Fact]
    public async Task FreshAccountGetsExactlyTheWorkloadsResources()
    {
        var settings = _world.Settings(("awsTags", "Owner=ops,CostCenter=42"));

        var jenkins = await _world.ProvisionAsync(settings, HostRole.Jenkins);
        var monitoring = await _world.ProvisionAsync(settings, HostRole.Monitoring);

        var ec2 = _world.Ec2;
        Assert.Equal(2, ec2.InstanceRecords.Count);
        Assert.Equal(2, ec2.GroupRecords.Count);
        Assert.Single(ec2.KeyPairRecords);
        Assert.Equal(["CreateKeyPair", "CreateSecurityGroup", "CreateSecurityGroup"], ec2.MutatingCalls.Where(c => c.StartsWith("Create", StringComparison.Ordinal)));
        Assert.Equal(2, ec2.MutatingCalls.Count(c => c == "RunInstances"));

        // Seven rules, though the first calls for each new group met EC2's eventual consistency and were retried.
        Assert.Equal(7, ec2.Rules.Count(r => r.IsEgress != true));

        var jenkinsInstance = ec2.InstanceRecords[jenkins.Id];
        var monitoringInstance = ec2.InstanceRecords[monitoring.Id];
        Assert.Equal("t3.small", jenkinsInstance.InstanceType);
        Assert.Equal("t3.micro", monitoringInstance.InstanceType);
        foreach (var (instance, role) in new[] { (jenkinsInstance, "jenkins"), (monitoringInstance, "monitoring") })
        {
            Assert.Equal("required", instance.HttpTokens);
            Assert.True(instance.RootEncrypted);
            Assert.Equal(20, instance.RootVolumeGiB);
            Assert.Equal("gp3", instance.RootVolumeType);
            Assert.Equal("microblog-key", instance.KeyName);
            Assert.Equal($"microblog-{role}", instance.Tag("Name"));
            Assert.Equal("microblog", instance.Tag("Project"));
            Assert.Equal(AwsNames.ManagedByValue, instance.Tag("ManagedBy"));
            Assert.Equal(role, instance.Tag("Role"));
            Assert.Equal("ops", instance.Tag("Owner"));
            Assert.Equal("42", instance.Tag("CostCenter"));
            Assert.Contains(instance.VolumeTags, t => t.Key == "Project" && t.Value == "microblog");
        }

        Assert.Equal(jenkinsInstance.PublicAddress, jenkins.PublicAddress);
        Assert.Equal(jenkinsInstance.PrivateAddress, jenkins.PrivateAddress);
        Assert.Equal("ubuntu", jenkins.User);
        Assert.Equal(22, jenkins.Port);
        Assert.Equal(settings.SshPrivateKey, jenkins.KeyFile);
        Assert.Equal(jenkinsInstance.HostKey.ToString(), jenkins.HostKey);
        Assert.Equal(monitoringInstance.HostKey.ToString(), monitoring.HostKey);
    }

    [Fact]
    public async Task SecurityGroupsHoldExactlyTheLeastPrivilegeRules()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);

        var groups = _world.Ec2.GroupRecords.Values.ToDictionary(g => g.GroupName, g => g.GroupId);
        string Describe(SecurityGroupRule r) =>
            $"{r.IpProtocol}/{r.FromPort}-{r.ToPort} {r.CidrIpv4 ?? r.CidrIpv6 ?? groups.Single(g => g.Value == r.ReferencedGroupInfo?.GroupId).Key}";

        Assert.Equal(
            ["tcp/22-22 203.0.113.7/32", "tcp/80-80 0.0.0.0/0", "tcp/8080-8080 203.0.113.7/32", "tcp/9100-9100 microblog-monitoring"],
            _world.Ec2.IngressRulesOf(groups["microblog-jenkins"]).Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["tcp/22-22 203.0.113.7/32", "tcp/3000-3000 203.0.113.7/32", "tcp/9090-9090 203.0.113.7/32"],
            _world.Ec2.IngressRulesOf(groups["microblog-monitoring"]).Select(Describe).Order(StringComparer.Ordinal));
        Assert.All(_world.Ec2.Rules.Where(r => r.IsEgress != true), r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
        Assert.All(_world.Ec2.GroupRecords.Values, g => Assert.True(AwsNames.IsOurs(g.Tags, "microblog")));
    }

    [Fact]
    public async Task SecondRunCreatesNothingAndIsInSync()
    {
        var settings = _world.Settings();
        var first = await _world.ProvisionAsync(settings, HostRole.Jenkins);
        await _world.ProvisionAsync(settings, HostRole.Monitoring);
        var before = _world.Ec2.MutatingCalls.Count;

        using var provider = _world.Provider(settings);
        var jenkins = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);
        var monitoring = await provider.CheckAsync(HostRole.Monitoring, CancellationToken.None);
        var again = await provider.ApplyAsync(jenkins, CancellationToken.None);

        Assert.True(jenkins.InSync, string.Join("; ", jenkins.Changes));
        Assert.True(monitoring.InSync, string.Join("; ", monitoring.Changes));
        Assert.Equal(first.Id, jenkins.Existing!.Id);
        Assert.Equal(first.HostKey, jenkins.Existing.HostKey);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(before, _world.Ec2.MutatingCalls.Count);
    }

    [Fact]
    public async Task HalfFinishedRunWithoutStateFileIsFoundAndReused()
    {
        var settings = _world.Settings();
        using (var interrupted = _world.Provider(settings))
        {
            // The run launched the instance, then stopped before recording anything.
            var check = await interrupted.CheckAsync(HostRole.Jenkins, CancellationToken.None);
            _world.Ssh.Silent = true;
            await Assert.ThrowsAsync<AwsProvisioningException>(() => interrupted.ApplyAsync(check, CancellationToken.None));
            _world.Ssh.Silent = false;
        }

        File.Delete(settings.StateFile);
        var launched = Assert.Single(_world.Ec2.InstanceRecords.Values);

        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.Equal(launched.Id, record.Id);
        Assert.Single(_world.Ec2.InstanceRecords);
        Assert.Equal(1, _world.Ec2.MutatingCalls.Count(c => c == "RunInstances"));
        Assert.Equal(launched.HostKey.ToString(), record.HostKey);
    }

    [Fact]
    public async Task RetriedLaunchWhoseAnswerWasLostMakesNoSecondInstance()
    {
        var settings = _world.Settings();
        _world.Ec2.LoseNextRunInstancesAnswer = true;

        // EC2 is eventually consistent: the new instance is not yet found by its tags when the retry comes.
        _world.Ec2.DescribeLagTicks = 100;
        await Assert.ThrowsAsync<AwsProvisioningException>(() => _world.ProvisionAsync(settings, HostRole.Jenkins));
        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        var instance = Assert.Single(_world.Ec2.InstanceRecords.Values);
        Assert.Equal(instance.Id, record.Id);
        Assert.Equal(2, _world.Ec2.MutatingCalls.Count(c => c == "RunInstances"));
    }

    [Fact]
    public async Task InstanceTerminatedOutsideTheToolIsReplacedDespiteItsSpentClientToken()
    {
        var settings = _world.Settings();
        var first = await _world.ProvisionAsync(settings, HostRole.Jenkins);
        await _world.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [first.Id] }, CancellationToken.None);
        _world.Ec2.Tick();
        _world.Ec2.Tick();

        var second = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("running", _world.Ec2.InstanceRecords[second.Id].State);
        Assert.NotEqual(_world.Ec2.InstanceRecords[first.Id].ClientToken, _world.Ec2.InstanceRecords[second.Id].ClientToken);
    }

    [Fact]
    public async Task StoppedInstanceIsStartedNotReplaced()
    {
        var settings = _world.Settings();
        var first = await _world.ProvisionAsync(settings, HostRole.Jenkins);
        _world.Ec2.InstanceRecords[first.Id].MoveTo("stopped");

        using var provider = _world.Provider(settings);
        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);
        var record = await provider.ApplyAsync(check, CancellationToken.None);

        Assert.Contains($"start instance {first.Id} (jenkins), now stopped", check.Changes);
        Assert.Equal(first.Id, record.Id);
        Assert.Contains("StartInstances", _world.Ec2.MutatingCalls);
        Assert.Single(_world.Ec2.InstanceRecords);
    }

    [Fact]
    public async Task RuleAddedByHandIsReportedAndRevoked()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);
        var jenkinsGroup = _world.Ec2.GroupRecords.Values.Single(g => g.GroupName == "microblog-jenkins").GroupId;
        await _world.Ec2.AuthorizeSecurityGroupIngressAsync(
            new AuthorizeSecurityGroupIngressRequest
            {
                GroupId = jenkinsGroup,
                IpPermissions = [new IpPermission { IpProtocol = "tcp", FromPort = 9100, ToPort = 9100, Ipv4Ranges = [new IpRange { CidrIp = "0.0.0.0/0" }] }],
            },
            CancellationToken.None);

        using var provider = _world.Provider(settings);
        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);
        await provider.ApplyAsync(check, CancellationToken.None);

        Assert.Contains(check.Changes, c => c.StartsWith("revoke from microblog-jenkins the ingress rule sgr-", StringComparison.Ordinal) && c.Contains("tcp/9100 from 0.0.0.0/0", StringComparison.Ordinal));
        Assert.DoesNotContain(_world.Ec2.IngressRulesOf(jenkinsGroup), r => r.FromPort == 9100 && r.CidrIpv4 == "0.0.0.0/0");
        Assert.Contains(_world.Ec2.IngressRulesOf(jenkinsGroup), r => r.FromPort == 9100 && r.ReferencedGroupInfo is not null);
    }

    [Fact]
    public async Task CreatedPrivateKeyIsWrittenOwnerOnlyAndNeverLoggedOrStored()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);

        var handedOut = Assert.Single(_world.Ec2.PrivateKeysHandedOut);
        Assert.Equal(handedOut + "\n", await File.ReadAllTextAsync(settings.SshPrivateKey));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(settings.SshPrivateKey));
        }

        var secretLine = handedOut.Split('\n')[1];
        Assert.DoesNotContain(secretLine, _world.Log.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(secretLine, await File.ReadAllTextAsync(settings.StateFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LocalPublicKeyIsImportedInsteadOfCreatingAPair()
    {
        var publicKeyFile = Path.Combine(_world.Directory, "id_ed25519.pub");
        var key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBkX3hYlFz2mY0wQbKQJ0kU3W6xgJ5o0xv8n9a3o6Bq4 me@laptop";
        await File.WriteAllTextAsync(publicKeyFile, key + "\n");
        var settings = _world.Settings(("publicKeyFile", publicKeyFile));

        await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.Contains("ImportKeyPair", _world.Ec2.MutatingCalls);
        Assert.DoesNotContain("CreateKeyPair", _world.Ec2.MutatingCalls);
        Assert.StartsWith(key[..80], _world.Ec2.KeyPairRecords["microblog-key"].PublicKey, StringComparison.Ordinal);
        Assert.False(File.Exists(settings.SshPrivateKey));
    }

    [Fact]
    public async Task ProgressIsShownWhileWaiting()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.True(_world.Log.Lines.Any(l => l.Contains("instance is pending", StringComparison.Ordinal)), _world.Log.Text);
        Assert.Contains(_world.Log.Lines, l => l.Contains("status checks: system initializing", StringComparison.Ordinal));
        Assert.Contains(_world.Log.Lines, l => l.Contains("read from the console output, to be pinned", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResourceIdsAreRecordedInTheStateFile()
    {
        var settings = _world.Settings();
        await _world.ProvisionAsync(settings, HostRole.Jenkins);

        var state = new StateStore(settings.StateFile, settings.Project).Load();
        Assert.Equal(Ec2Double.Region, state.Resources[AwsResourceKeys.Region]);
        Assert.Equal("microblog-key", state.Resources[AwsResourceKeys.KeyPair]);
        Assert.Equal(_world.Ec2.GroupRecords.Values.Single(g => g.GroupName == "microblog-jenkins").GroupId, state.Resources[AwsResourceKeys.SecurityGroup(HostRole.Jenkins)]);
        Assert.Equal(_world.Ec2.GroupRecords.Values.Single(g => g.GroupName == "microblog-monitoring").GroupId, state.Resources[AwsResourceKeys.SecurityGroup(HostRole.Monitoring)]);
    }

    [Fact]
    public async Task TheHostsGoToAnExplicitSubnetOfAZoneThatOffersBothTypes()
    {
        // us-east-1a offers no t3.small here: the first zone by name that offers both types is chosen.
        _world.Ec2.Offerings["t3.small"].Remove("us-east-1a");
        var settings = _world.Settings();

        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        var instance = _world.Ec2.InstanceRecords[record.Id];
        Assert.Equal("us-east-1b", instance.Zone);
        Assert.Equal(_world.Ec2.Subnets.Single(s => s.AvailabilityZone == "us-east-1b").SubnetId, instance.SubnetId);
        Assert.Contains(_world.Log.Lines, l => l.Contains("in us-east-1b (subnet-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AChosenZoneIsUsed()
    {
        var settings = _world.Settings(("awsAvailabilityZone", "us-east-1d"));

        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.Equal("us-east-1d", _world.Ec2.InstanceRecords[record.Id].Zone);
    }

    [Fact]
    public async Task IdsThatEc2DoesNotKnowYetAreRetriedUntilItDoes()
    {
        _world.Ec2.NewIdLag = TimeSpan.FromSeconds(45);
        var settings = _world.Settings();

        var jenkins = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.Equal("running", _world.Ec2.InstanceRecords[jenkins.Id].State);
        Assert.Equal(7, _world.Ec2.Rules.Count(r => r.IsEgress != true));
        Assert.True(_world.Ec2.Calls.Count(c => c == "AuthorizeSecurityGroupIngress") > 7, "no rule call met a group EC2 did not know yet");
        Assert.True(_world.Ec2.Calls.Count(c => c == "DescribeInstances") > 2, "no call met an instance EC2 did not know yet");
    }

    [Fact]
    public async Task TheClientTokenFollowsTheWholeLaunchRequest()
    {
        var settings = _world.Settings();
        var first = await _world.ProvisionAsync(settings, HostRole.Jenkins);
        await _world.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [first.Id] }, CancellationToken.None);
        _world.Ec2.Advance(TimeSpan.FromMinutes(1));

        // A bigger volume and another tag are another launch: another token, and a new instance.
        var bigger = _world.Settings(("rootVolumeSizeGiB", "30"), ("awsTags", "Owner=ops"));
        var second = await _world.ProvisionAsync(bigger, HostRole.Jenkins);

        var tokens = new[] { first.Id, second.Id }.Select(id => _world.Ec2.InstanceRecords[id].ClientToken).ToList();
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.Equal(30, _world.Ec2.InstanceRecords[second.Id].RootVolumeGiB);
    }

    [Fact]
    public async Task ATokenEc2HoldsForOtherParametersIsSpentWhenNoLiveInstanceHasIt()
    {
        var settings = _world.Settings();
        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        // The instance is terminated, and EC2 remembers its token as used with other parameters (a launch of another
        // version of the tool, say): the same launch again meets IdempotentParameterMismatch.
        var token = _world.Ec2.InstanceRecords[record.Id].ClientToken!;
        await _world.Ec2.TerminateInstancesAsync(new TerminateInstancesRequest { InstanceIds = [record.Id] }, CancellationToken.None);
        _world.Ec2.Advance(TimeSpan.FromMinutes(1));
        _world.Ec2.ClientTokens[token] = (record.Id, "other parameters");

        var replacement = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        Assert.NotEqual(record.Id, replacement.Id);
        Assert.Equal("running", _world.Ec2.InstanceRecords[replacement.Id].State);
        Assert.True(_world.Ec2.Calls.Count(c => c == "RunInstances") >= 3, "the mismatch was not met");
        Assert.NotEqual(token, _world.Ec2.InstanceRecords[replacement.Id].ClientToken);
    }

    [Fact]
    public async Task Debian13IsLaunchedFromDebiansParameterAndReachedAsAdmin()
    {
        var settings = _world.Settings(("awsImageFamily", "debian-13"));

        var record = await _world.ProvisionAsync(settings, HostRole.Jenkins);

        var instance = _world.Ec2.InstanceRecords[record.Id];
        Assert.Equal(["/aws/service/debian/release/13/latest/amd64"], _world.Ssm.ParametersRead.Distinct());
        Assert.Equal(Ec2Double.DebianAmd64ImageId, instance.ImageId);
        Assert.Equal("admin", record.User);
        Assert.Equal("admin", instance.Tag("LoginUser"));
    }

    [Fact]
    public async Task Ubuntu2404IsTheDefaultAndIsReachedAsUbuntu()
    {
        var record = await _world.ProvisionAsync(_world.Settings(), HostRole.Jenkins);

        Assert.Equal(["/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id"], _world.Ssm.ParametersRead.Distinct());
        Assert.Equal("ubuntu", record.User);
    }

    [Fact]
    public async Task WithoutSsmDebiansOwnImagesAreFound()
    {
        _world.Ssm.DenyAccess = true;

        var record = await _world.ProvisionAsync(_world.Settings(("awsImageFamily", "debian-13")), HostRole.Jenkins);

        Assert.Equal(Ec2Double.DebianAmd64ImageId, _world.Ec2.InstanceRecords[record.Id].ImageId);
    }

    [Fact]
    public async Task AnExplicitSshUserWinsAndARunningHostKeepsTheUserItWasLaunchedFor()
    {
        var explicitUser = await _world.ProvisionAsync(_world.Settings(("awsImageFamily", "debian-13"), ("sshUser", "ops")), HostRole.Monitoring);
        Assert.Equal("ops", explicitUser.User);

        // Launched as Ubuntu; the family changed later: the host is kept, and so is its user.
        var jenkins = await _world.ProvisionAsync(_world.Settings(), HostRole.Jenkins);
        var later = await _world.ProvisionAsync(_world.Settings(("awsImageFamily", "debian-13")), HostRole.Jenkins);

        Assert.Equal(jenkins.Id, later.Id);
        Assert.Equal("ubuntu", later.User);
    }
}
