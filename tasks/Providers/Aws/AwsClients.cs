using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.SimpleSystemsManagement;
using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>The AWS clients the aws provider uses, bound to one region and one set of credentials.</summary>
/// <param name="Ec2">Instances, security groups, key pairs, images.</param>
/// <param name="Ssm">Only for Canonical's public parameter naming the current Ubuntu image.</param>
/// <param name="Region">The region, such as us-east-1.</param>
public sealed record AwsClients(IAmazonEC2 Ec2, IAmazonSimpleSystemsManagement Ssm, string Region) : IDisposable
{
    /// <summary>Real SDK clients with short time-outs and few retries, so that an unreachable AWS fails the run in seconds.</summary>
    public static AwsClients CreateSdkClients(AWSCredentials credentials, string region, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var ec2Config = Configure(new AmazonEC2Config(), region, settings);
        var ssmConfig = Configure(new AmazonSimpleSystemsManagementConfig(), region, settings);
        return new AwsClients(new AmazonEC2Client(credentials, ec2Config), new AmazonSimpleSystemsManagementClient(credentials, ssmConfig), region);
    }

    public void Dispose()
    {
        Ec2.Dispose();
        Ssm.Dispose();
    }

    private static T Configure<T>(T config, string region, WorkloadSettings settings)
        where T : ClientConfig
    {
        config.Timeout = TimeSpan.FromSeconds(settings.AwsRequestTimeoutSeconds);
        config.RetryMode = RequestRetryMode.Standard;

        // Two retries ride out a throttle or a dropped connection; more would only delay the error when AWS is unreachable.
        config.MaxErrorRetry = 2;
        if (settings.AwsEndpointUrl is not null)
        {
            config.ServiceURL = settings.AwsEndpointUrl;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return config;
    }
}
