using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Workload.Configuration;

namespace Workload.Aws;

/// <summary>Opens a checked connection to AWS for the aws provider and Destroy.</summary>
public interface IAwsConnector
{
    /// <summary>
    /// Finds credentials and the region and proves both with one read-only call; the first thing the aws provider does.
    /// </summary>
    /// <exception cref="AwsCredentialsException">No credentials, or AWS rejected them.</exception>
    /// <exception cref="AwsProvisioningException">AWS cannot be reached, or the region is unknown or not enabled.</exception>
    Task<AwsClients> ConnectAsync(CancellationToken cancellationToken);
}

/// <summary>
/// The connection: credentials from <see cref="AwsCredentialChain"/>, the region from the settings or the usual
/// variables, then <c>DescribeRegions</c> for the region, which needs no resource and proves the credentials.
/// </summary>
public sealed class AwsConnector(
    AwsCredentialChain chain,
    string? regionSetting,
    IReadOnlyDictionary<string, string> environment,
    Func<AWSCredentials, string, AwsClients> createClients,
    TimeSpan requestTimeout) : IAwsConnector
{
    /// <summary>The connector of a real run: the process environment, ~/.aws, and SDK clients.</summary>
    public static AwsConnector ForSettings(WorkloadSettings settings, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var chain = new AwsCredentialChain(environment, new CredentialProfileStoreChain(), settings.AwsProfile, settings.AwsInstanceProfile);
        return new AwsConnector(
            chain,
            settings.AwsRegion,
            environment,
            (credentials, region) => AwsClients.CreateSdkClients(credentials, region, settings),
            TimeSpan.FromSeconds(settings.AwsRequestTimeoutSeconds));
    }

    public async Task<AwsClients> ConnectAsync(CancellationToken cancellationToken)
    {
        var resolved = await chain.ResolveAsync().ConfigureAwait(false);
        var region = ResolveRegion(resolved.Profile);
        var clients = createClients(resolved.Credentials, region);
        try
        {
            await VerifyAsync(clients, resolved.Source, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            clients.Dispose();
            throw;
        }

        return clients;
    }

    private string ResolveRegion(CredentialProfile? profile)
    {
        var region = regionSetting ?? Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? profile?.Region?.SystemName;
        return region ?? throw new ConfigurationException(
            "awsRegion: not set, and neither AWS_REGION, AWS_DEFAULT_REGION nor the AWS profile names a region; set awsRegion, such as us-east-1");
    }

    private async Task VerifyAsync(AwsClients clients, string source, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        DescribeRegionsResponse response;
        try
        {
            response = await clients.Ec2.DescribeRegionsAsync(
                new DescribeRegionsRequest { AllRegions = true, RegionNames = [clients.Region] }, timeout.Token).ConfigureAwait(false);
        }
        catch (AmazonServiceException exception) when (AwsFailures.IsCredentialError(exception))
        {
            throw chain.Rejected(source, $"{exception.ErrorCode}: {exception.Message}", exception);
        }
        catch (AmazonServiceException exception) when (AwsFailures.HasCode(exception, "InvalidParameterValue"))
        {
            throw new AwsProvisioningException($"awsRegion: '{clients.Region}' is not a region EC2 knows ({exception.Message}).", exception);
        }
        catch (Exception exception) when (AwsFailures.Explain(exception, clients.Region, cancellationToken) is { } explained && explained != exception)
        {
            throw explained;
        }

        var found = response.Regions?.FirstOrDefault(r => r.RegionName == clients.Region);
        if (found is null)
        {
            throw new AwsProvisioningException($"awsRegion: '{clients.Region}' is not a region EC2 knows.");
        }

        if (found.OptInStatus == "not-opted-in")
        {
            throw new AwsProvisioningException(
                $"awsRegion: the account has not enabled the region '{clients.Region}'; enable it in the AWS console (Account, AWS Regions) or choose another.");
        }
    }

    private string? Variable(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
