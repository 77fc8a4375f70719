using Amazon.EC2.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Workload.Configuration;

namespace Workload.Providers.Aws;

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
/// The connection: credentials from <see cref="AwsCredentialChain"/>, the region from the settings, the usual
/// variables or the profile, then <c>DescribeRegions</c> for the region, which needs no resource and proves the
/// credentials. A region the account has not enabled answers every call with AuthFailure, as bad credentials do:
/// then the same question goes to <see cref="AlwaysEnabledRegion"/>, whose answer tells the two apart.
/// </summary>
public sealed class AwsConnector(
    AwsCredentialChain chain,
    string? regionSetting,
    IReadOnlyDictionary<string, string> environment,
    Func<AWSCredentials, string, AwsClients> createClients,
    TimeSpan requestTimeout,
    bool customEndpoint = false) : IAwsConnector
{
    /// <summary>A region enabled in every account (one that needs no opt-in), asked about the others.</summary>
    public const string AlwaysEnabledRegion = "us-east-1";

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
            TimeSpan.FromSeconds(settings.AwsRequestTimeoutSeconds),
            settings.AwsEndpointUrl is not null);
    }

    public async Task<AwsClients> ConnectAsync(CancellationToken cancellationToken)
    {
        var resolved = await chain.ResolveAsync().ConfigureAwait(false);
        var region = ResolveRegion(chain.RegionProfile());
        var clients = createClients(resolved.Credentials, region);
        try
        {
            await VerifyAsync(clients, resolved, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            clients.Dispose();
            throw;
        }

        return clients;
    }

    /// <summary>awsRegion, else AWS_REGION, else AWS_DEFAULT_REGION, else the profile's region (whatever gave the credentials).</summary>
    private string ResolveRegion(CredentialProfile? profile)
    {
        var region = regionSetting ?? Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? profile?.Region?.SystemName;
        return region ?? throw new ConfigurationException(
            $"awsRegion: not set, and neither AWS_REGION, AWS_DEFAULT_REGION nor the AWS profile '{chain.ProfileName}' names a region; set awsRegion, such as us-east-1");
    }

    private async Task VerifyAsync(AwsClients clients, ResolvedCredentials resolved, CancellationToken cancellationToken)
    {
        var source = resolved.Source;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        DescribeRegionsResponse response;
        try
        {
            response = await clients.Ec2.DescribeRegionsAsync(
                new DescribeRegionsRequest { AllRegions = true, RegionNames = [clients.Region] }, timeout.Token).ConfigureAwait(false);
        }
        catch (AmazonServiceException exception) when (AwsFailures.HasCode(exception, "AuthFailure") && !customEndpoint && clients.Region != AlwaysEnabledRegion)
        {
            throw await RegionOrCredentialsAsync(clients.Region, resolved, exception, cancellationToken).ConfigureAwait(false);
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
            throw NotEnabled(clients.Region, null);
        }
    }

    /// <summary>
    /// Why a region answered AuthFailure: asked in <see cref="AlwaysEnabledRegion"/>, DescribeRegions says whether the
    /// account has enabled it; if that region refuses the credentials too, they are what is wrong.
    /// </summary>
    private async Task<Exception> RegionOrCredentialsAsync(string region, ResolvedCredentials resolved, AmazonServiceException refusal, CancellationToken cancellationToken)
    {
        using var probe = createClients(resolved.Credentials, AlwaysEnabledRegion);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(requestTimeout);
        try
        {
            var response = await probe.Ec2.DescribeRegionsAsync(
                new DescribeRegionsRequest { AllRegions = true, RegionNames = [region] }, timeout.Token).ConfigureAwait(false);
            var status = response.Regions?.FirstOrDefault(r => r.RegionName == region)?.OptInStatus;
            return status == "not-opted-in"
                ? NotEnabled(region, refusal)
                : new AwsProvisioningException(
                    $"awsRegion: AWS accepts the credentials from {resolved.Source} in {AlwaysEnabledRegion} but refuses them in {region} (AuthFailure; the region's status: {status ?? "unknown"}). " +
                    "A region enabled minutes ago can take a while to accept requests; otherwise an organization policy (SCP) may deny it. Nothing was created or changed.",
                    refusal);
        }
        catch (AmazonServiceException exception) when (AwsFailures.IsCredentialError(exception))
        {
            return chain.Rejected(resolved.Source, $"{refusal.ErrorCode}: {refusal.Message}", refusal);
        }
        catch (AmazonServiceException exception) when (AwsFailures.HasCode(exception, "InvalidParameterValue"))
        {
            return new AwsProvisioningException($"awsRegion: '{region}' is not a region EC2 knows ({exception.Message}).", exception);
        }
    }

    private static AwsProvisioningException NotEnabled(string region, Exception? inner) =>
        new($"awsRegion: the account has not enabled the region '{region}' (EC2 answers AuthFailure there, as for bad credentials); " +
            "enable it in the AWS console (Account, AWS Regions) or choose another. Nothing was created or changed.",
            inner);

    private string? Variable(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
