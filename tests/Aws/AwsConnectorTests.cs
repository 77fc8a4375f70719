using System.Diagnostics;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Workload.Providers.Aws;

namespace Workload.Tests.Aws;

public sealed class AwsConnectorTests : IDisposable
{
    private readonly AwsWorld _world = new();

    public void Dispose() => _world.Dispose();

    [Fact]
    public async Task UnreachableEndpointFailsInSecondsWithAClearMessage()
    {
        // A closed port on this machine stands for an AWS that cannot be reached; no traffic leaves the host.
        var settings = _world.Settings(("awsEndpointUrl", "http://127.0.0.1:9"), ("awsRequestTimeoutSeconds", "5"));
        var connector = AwsConnector.ForSettings(settings, _world.Environment);
        var watch = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => connector.ConnectAsync(CancellationToken.None));

        Assert.StartsWith("AWS could not be reached in region us-east-1", failure.Message, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task RegionComesFromTheEnvironmentOrTheProfileWhenNotSet()
    {
        var settings = SettingsWithoutRegion();
        _world.Environment["AWS_DEFAULT_REGION"] = "eu-west-1";

        using var clients = await _world.Connector(settings).ConnectAsync(CancellationToken.None);

        Assert.Equal("eu-west-1", clients.Region);
    }

    [Fact]
    public async Task MissingRegionIsNamed()
    {
        var settings = SettingsWithoutRegion();

        var failure = await Assert.ThrowsAsync<ConfigurationException>(() => _world.Connector(settings).ConnectAsync(CancellationToken.None));

        Assert.Contains("awsRegion: not set", failure.Message, StringComparison.Ordinal);
        Assert.Empty(_world.Ec2.Calls);
    }

    [Fact]
    public async Task ProfileNamedButMissingIsNamed()
    {
        _world.Environment.Clear();
        var chain = new AwsCredentialChain(_world.Environment, new AwsWorld.NoProfiles(), "work", useInstanceProfile: false);

        var failure = await Assert.ThrowsAsync<AwsCredentialsException>(chain.ResolveAsync);

        Assert.Contains("The profile 'work' (named by the awsProfile setting) is in neither", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProfileFromTheSharedCredentialsFileIsUsed()
    {
        var file = Path.Combine(_world.Directory, "credentials");
        await File.WriteAllTextAsync(file, "[work]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = example-secret\n");
        _world.Environment.Clear();
        var chain = new AwsCredentialChain(_world.Environment, new SharedCredentialsFile(file), "work", useInstanceProfile: false);

        var resolved = await chain.ResolveAsync();

        Assert.Equal("profile 'work' (the awsProfile setting)", resolved.Source);
        Assert.Equal("AKIAEXAMPLEEXAMPLE01", (await resolved.Credentials.GetCredentialsAsync()).AccessKey);
    }

    [Fact]
    public async Task SessionTokenMakesTemporaryCredentials()
    {
        _world.Environment["AWS_SESSION_TOKEN"] = "token";
        var chain = new AwsCredentialChain(_world.Environment, new AwsWorld.NoProfiles(), null, useInstanceProfile: false);

        var resolved = await chain.ResolveAsync();

        Assert.IsType<SessionAWSCredentials>(resolved.Credentials);
    }

    [Fact]
    public async Task AnExplicitProfileWinsOverStaleKeysInTheEnvironment()
    {
        _world.Profiles = await CredentialsFileAsync("[work]\naws_access_key_id = AKIAEXAMPLEEXAMPLE01\naws_secret_access_key = example-secret\n");
        var chain = new AwsCredentialChain(_world.Environment, _world.Profiles, "work", useInstanceProfile: false);

        var resolved = await chain.ResolveAsync();

        Assert.Equal("AKIAEXAMPLEEXAMPLE01", (await resolved.Credentials.GetCredentialsAsync()).AccessKey);
    }

    [Fact]
    public async Task ADefaultProfileWithoutCredentialsIsSkippedAndSaidSo()
    {
        _world.Environment.Clear();
        _world.Profiles = await CredentialsFileAsync("[default]\nregion = eu-west-1\n");
        var chain = new AwsCredentialChain(_world.Environment, _world.Profiles, null, useInstanceProfile: false);

        var failure = await Assert.ThrowsAsync<AwsCredentialsException>(chain.ResolveAsync);

        Assert.Contains("The profile 'default' exists but holds no credentials", failure.Message, StringComparison.Ordinal);
        Assert.Contains("so it was skipped", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheProfilesRegionIsUsedWhateverGaveTheCredentials()
    {
        _world.Profiles = await CredentialsFileAsync("[default]\nregion = eu-west-1\n");
        var settings = SettingsWithoutRegion();

        using var clients = await _world.Connector(settings).ConnectAsync(CancellationToken.None);

        Assert.Equal("eu-west-1", clients.Region);
        Assert.Equal("eu-west-1", _world.Ec2.CallRegions[0]);
    }

    [Fact]
    public async Task ARegionTheAccountHasNotEnabledIsReportedAsSuchNotAsBadCredentials()
    {
        var settings = _world.Settings(("awsRegion", "af-south-1"));

        var failure = await Assert.ThrowsAsync<AwsProvisioningException>(() => _world.Connector(settings).ConnectAsync(CancellationToken.None));

        Assert.Contains("the account has not enabled the region 'af-south-1'", failure.Message, StringComparison.Ordinal);
        Assert.Equal(["af-south-1", "us-east-1"], _world.Ec2.CallRegions);
        Assert.Empty(_world.Ec2.MutatingCalls);
    }

    [Fact]
    public async Task CredentialsRefusedEverywhereAreReportedAsRejected()
    {
        _world.Ec2.RejectCredentialsWith = "AuthFailure";
        var settings = _world.Settings(("awsRegion", "eu-west-1"));

        var failure = await Assert.ThrowsAsync<AwsCredentialsException>(() => _world.Connector(settings).ConnectAsync(CancellationToken.None));

        Assert.Contains("AWS rejected the credentials from environment variables", failure.Message, StringComparison.Ordinal);
    }

    private async Task<SharedCredentialsFile> CredentialsFileAsync(string content)
    {
        var file = Path.Combine(_world.Directory, "credentials");
        await File.WriteAllTextAsync(file, content);
        return new SharedCredentialsFile(file);
    }

    /// <summary>provider=aws with an adminCidr and no awsRegion: the region must come from the environment or a profile.</summary>
    private WorkloadSettings SettingsWithoutRegion() => SettingsLoader.Load(new SettingsSources(
        _world.Directory,
        new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["provider"] = ["aws"], ["adminCidr"] = ["203.0.113.7/32"] },
        new Dictionary<string, string>()));
}
