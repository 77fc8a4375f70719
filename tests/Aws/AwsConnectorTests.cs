using System.Diagnostics;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Workload.Aws;
using Workload.Configuration;
using Xunit;

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
        var settings = SettingsLoader.Load(new SettingsSources(
            _world.Directory,
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["provider"] = ["aws"], ["adminCidr"] = ["203.0.113.7/32"] },
            new Dictionary<string, string>()));
        _world.Environment["AWS_DEFAULT_REGION"] = "eu-west-1";

        using var clients = await _world.Connector(settings).ConnectAsync(CancellationToken.None);

        Assert.Equal("eu-west-1", clients.Region);
    }

    [Fact]
    public async Task MissingRegionIsNamed()
    {
        var settings = SettingsLoader.Load(new SettingsSources(
            _world.Directory,
            new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase) { ["provider"] = ["aws"], ["adminCidr"] = ["203.0.113.7/32"] },
            new Dictionary<string, string>()));

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

        Assert.Equal("profile 'work'", resolved.Source);
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
}
