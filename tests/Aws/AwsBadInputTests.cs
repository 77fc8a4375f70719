using Amazon.EC2.Model;
using Workload.Providers.Aws;
using Workload.Providers;

namespace Workload.Tests.Aws;

/// <summary>Bad input stops the run with a message naming the problem, before any call that changes something.</summary>
public sealed class AwsBadInputTests : IDisposable
{
    private readonly AwsWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task NoCredentialsGiveOneMessageNamingTheChainBeforeAnyCall()
    {
        _world.Environment.Clear();
        var settings = _world.Settings();
        using var provider = _world.Provider(settings);

        var failure = await Assert.ThrowsAsync<AwsCredentialsException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.StartsWith("No usable AWS credentials. None were found.", failure.Message, StringComparison.Ordinal);
        foreach (var place in new[] { "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "profile 'default'", "~/.aws/credentials", "SSO", "aws sso login", "AWS_WEB_IDENTITY_TOKEN_FILE", "awsInstanceProfile=true" })
        {
            Assert.Contains(place, failure.Message, StringComparison.Ordinal);
        }

        Assert.Empty(_world.Ec2.Calls);
        Assert.Empty(_world.Ssm.Calls);
    }

    [Fact]
    public async Task ExpiredCredentialsAreNamedAsSuch()
    {
        _world.Ec2.RejectCredentialsWith = "RequestExpired";
        using var provider = _world.Provider(_world.Settings());

        var failure = await Assert.ThrowsAsync<AwsCredentialsException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains("AWS rejected the credentials from environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY: RequestExpired", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["DescribeRegions"], _world.Ec2.Calls);
    }

    [Fact]
    public async Task HalfSetEnvironmentCredentialsAreNamed()
    {
        _world.Environment.Remove("AWS_SECRET_ACCESS_KEY");
        using var provider = _world.Provider(_world.Settings());

        var failure = await Assert.ThrowsAsync<AwsCredentialsException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains("must be set together", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.Calls);
    }

    [Fact]
    public async Task DestroyChecksCredentialsFirstToo()
    {
        _world.Environment.Clear();
        using var teardown = _world.Teardown(_world.Settings());

        await Assert.ThrowsAsync<AwsCredentialsException>(() => teardown.ListAsync(CancellationToken.None));
        Assert.Empty(_world.Ec2.Calls);
    }

    [Theory]
    [InlineData("203.0.113.7/33")]
    [InlineData("203.0.113.7/24")]
    [InlineData("203.0.113.7")]
    [InlineData("my-laptop")]
    public void InvalidAdminCidrIsRefusedBeforeAws(string cidr)
    {
        var failure = Assert.Throws<ConfigurationException>(() => _world.Settings(("adminCidr", cidr)));

        Assert.Contains("adminCidr", failure.Message, StringComparison.Ordinal);
        Assert.Contains("CIDR", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.Calls);
    }

    [Theory]
    [InlineData("0.0.0.0/0")]
    [InlineData("::/0")]
    public void WholeInternetAsAdminNetworkNeedsTheExplicitSetting(string cidr)
    {
        var failure = Assert.Throws<ConfigurationException>(() => _world.Settings(("adminCidr", cidr)));

        Assert.Contains("allowWorldAdmin=true", failure.Message, StringComparison.Ordinal);
        Assert.Equal(cidr, _world.Settings(("adminCidr", cidr), ("allowWorldAdmin", "true")).AdminCidr);
        Assert.Empty(_world.Ec2.Calls);
    }

    [Fact]
    public void AdminCidrIsRequiredWithTheAwsProvider()
    {
        var failure = Assert.Throws<ConfigurationException>(() => SettingsLoader.Load(new SettingsSources(
            _world.Directory,
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["provider"] = ["aws"] },
            new Dictionary<string, string>())));

        Assert.Contains("adminCidr: required when provider=aws", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jenkinsInstanceType", "t3.mega")]
    [InlineData("monitoringInstanceType", "m9z.huge")]
    public async Task UnknownInstanceTypeIsNamedBeforeAnythingIsCreated(string key, string value)
    {
        using var provider = _world.Provider(_world.Settings((key, value)));
        var check = provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => check);

        Assert.Contains($"{key}: \"{value}\" is not an instance type EC2 offers in us-east-1", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    [Fact]
    public void MalformedInstanceTypeIsRefusedBySettings()
    {
        var failure = Assert.Throws<ConfigurationException>(() => _world.Settings(("jenkinsInstanceType", "t3 small")));

        Assert.Contains("jenkinsInstanceType", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyWithBadInputChangesNothingEither()
    {
        using var provider = _world.Provider(_world.Settings(("amiId", "ami-0123456789abcdef0")));
        var check = new ProvisionCheck(HostRole.Jenkins, ["launch"], null);

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => provider.ApplyAsync(check, CancellationToken.None));

        Assert.Contains("amiId: the image ami-0123456789abcdef0 does not exist", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    /// <summary>A group with the workload's name but not its tags, in the same case or another, is refused by name.</summary>
    [Theory]
    [InlineData("microblog-jenkins", "security group microblog-jenkins", "neither uses nor changes it")]
    [InlineData("MicroBlog-Jenkins", "MicroBlog-Jenkins", "without regard to case")]
    public async Task ASecurityGroupWithTheWorkloadsNameButNotItsTagsIsRefused(string name, string named, string why)
    {
        _world.Ec2.AddGroup(name, Ec2Double.DefaultVpcId, [new Tag("Team", "web")]);
        using var provider = _world.Provider(_world.Settings());

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
        Assert.Contains(why, failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    [Fact]
    public async Task ForeignKeyPairWithTheWorkloadsNameIsRefused()
    {
        _world.Ec2.AddKeyPair("microblog-key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBkX3hYlFz2mY0wQbKQJ0kU3W6xgJ5o0xv8n9a3o6Bq4", []);
        using var provider = _world.Provider(_world.Settings());

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains("key pair microblog-key", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    [Fact]
    public async Task MissingDefaultVpcIsNamedWithTheWayOut()
    {
        _world.Ec2.Vpcs.Clear();
        using var provider = _world.Provider(_world.Settings());

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains("no default VPC; set awsSubnetId", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingSsmPermissionFallsBackToCanonicalsImages()
    {
        _world.Ssm.DenyAccess = true;
        using var provider = _world.Provider(_world.Settings());

        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        Assert.Contains(check.Changes, c => c.Contains(Ec2Double.UbuntuAmd64ImageId + " (ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101)", StringComparison.Ordinal));
    }

    [Fact]
    public void UserTagsMayNotReplaceTheToolsOwn()
    {
        var failure = Assert.Throws<ConfigurationException>(() => _world.Settings(("awsTags", "ManagedBy=me")));

        Assert.Contains("awsTags", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyEc2CannotImportIsRefusedBeforeAnyCall()
    {
        var keyFile = Path.Combine(_world.Directory, "id_ecdsa");
        using (var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ecdsa", "-N", string.Empty, "-C", "test", "-f", keyFile]))
        {
            await keygen.WaitForExitAsync();
            Assert.Equal(0, keygen.ExitCode);
        }

        using var provider = _world.Provider(_world.Settings(("sshPrivateKey", keyFile)));

        var failure = await Assert.ThrowsAsync<ConfigurationException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains("sshPrivateKey", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ecdsa-sha2-nistp256", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ssh-ed25519 and ssh-rsa", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    [Theory]
    [InlineData("sg-web")]
    [InlineData("SG-web")]
    public void AProjectWhoseGroupNamesEc2RefusesIsRefusedUpFront(string project)
    {
        var failure = Assert.Throws<ConfigurationException>(() => _world.Settings(("project", project)));

        Assert.Contains("project:", failure.Message, StringComparison.Ordinal);
        Assert.Contains("sg-", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AZoneThatDoesNotOfferTheTypesIsRefusedWithTheZonesThatDo()
    {
        using var provider = _world.Provider(_world.Settings(("awsAvailabilityZone", Ec2Double.ZoneWithoutT3)));

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains($"awsAvailabilityZone: {Ec2Double.ZoneWithoutT3}, which does not offer jenkinsInstanceType t3.small", failure.Message, StringComparison.Ordinal);
        Assert.Contains("us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    [Fact]
    public async Task ASubnetInAZoneThatDoesNotOfferTheTypesIsRefused()
    {
        var subnet = _world.Ec2.Subnets.Single(s => s.AvailabilityZone == Ec2Double.ZoneWithoutT3).SubnetId;
        using var provider = _world.Provider(_world.Settings(("awsSubnetId", subnet)));

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => provider.CheckAsync(HostRole.Jenkins, CancellationToken.None));

        Assert.Contains($"awsSubnetId: the subnet {subnet} is in {Ec2Double.ZoneWithoutT3}", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    [Fact]
    public void AZoneOfAnotherRegionIsRefused()
    {
        var failure = Assert.Throws<ConfigurationException>(() => _world.Settings(("awsAvailabilityZone", "eu-west-1a")));

        Assert.Contains("awsAvailabilityZone: \"eu-west-1a\" is not a zone of awsRegion us-east-1", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnknownImageFamilyIsRefused()
    {
        var failure = Assert.Throws<ConfigurationException>(() => _world.Settings(("awsImageFamily", "debian-12")));

        Assert.Contains("awsImageFamily", failure.Message, StringComparison.Ordinal);
        Assert.Contains("debian-13", failure.Message, StringComparison.Ordinal);
    }
}
