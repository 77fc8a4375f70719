using Amazon.EC2.Model;
using Amazon.Runtime;
using Workload.Configuration;
using Workload.Providers;

namespace Workload.Aws;

/// <summary>
/// Read-only checks of everything the settings name in AWS (instance types, image, subnet or default VPC),
/// for both hosts at once, so that a bad value stops the run before the first resource is created.
/// </summary>
public sealed class AwsPreflight(AwsClients clients, WorkloadSettings settings)
{
    public async Task<AwsTarget> RunAsync(CancellationToken cancellationToken)
    {
        var (vpcId, subnetId) = await NetworkAsync(cancellationToken).ConfigureAwait(false);
        var images = new UbuntuImages(clients);
        var hosts = new Dictionary<HostRole, HostSpec>();
        foreach (var (role, key, instanceType) in new[]
        {
            (HostRole.Jenkins, "jenkinsInstanceType", settings.JenkinsInstanceType),
            (HostRole.Monitoring, "monitoringInstanceType", settings.MonitoringInstanceType),
        })
        {
            var architectures = await ArchitecturesAsync(key, instanceType, cancellationToken).ConfigureAwait(false);
            var architecture = architectures.Contains("x86_64") || architectures.Count == 0 ? "x86_64" : architectures[0];
            var image = await images.FindAsync(settings.AmiId, architecture, cancellationToken).ConfigureAwait(false);
            if (architectures.Count > 0 && !architectures.Contains(image.Architecture))
            {
                throw new AwsProvisioningException(
                    $"amiId: the image {image} is built for {image.Architecture}, but {key} {instanceType} runs {string.Join(" or ", architectures)}; " +
                    "choose a matching image or instance type.");
            }

            hosts[role] = new HostSpec(instanceType, image);
        }

        return new AwsTarget(vpcId, subnetId, hosts);
    }

    private async Task<IReadOnlyList<string>> ArchitecturesAsync(string key, string instanceType, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Ec2.DescribeInstanceTypesAsync(
                new DescribeInstanceTypesRequest { InstanceTypes = [instanceType] }, cancellationToken).ConfigureAwait(false);
            var info = response.InstanceTypes?.FirstOrDefault()
                ?? throw UnknownType(key, instanceType, null);
            return info.ProcessorInfo?.SupportedArchitectures ?? [];
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode is "InvalidInstanceType" or "InvalidParameterValue")
        {
            throw UnknownType(key, instanceType, exception);
        }
    }

    private AwsProvisioningException UnknownType(string key, string instanceType, Exception? inner) =>
        new($"{key}: \"{instanceType}\" is not an instance type EC2 offers in {clients.Region}; choose one such as t3.small.", inner);

    private async Task<(string VpcId, string? SubnetId)> NetworkAsync(CancellationToken cancellationToken)
    {
        if (settings.AwsSubnetId is { } subnetId)
        {
            try
            {
                var subnets = await clients.Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [subnetId] }, cancellationToken).ConfigureAwait(false);
                var subnet = subnets.Subnets?.FirstOrDefault() ?? throw UnknownSubnet(subnetId, null);
                return (subnet.VpcId, subnet.SubnetId);
            }
            catch (AmazonServiceException exception) when (exception.ErrorCode is "InvalidSubnetID.NotFound" or "InvalidSubnetID.Malformed")
            {
                throw UnknownSubnet(subnetId, exception);
            }
        }

        var vpcs = await clients.Ec2.DescribeVpcsAsync(
            new DescribeVpcsRequest { Filters = [new Filter("is-default", ["true"])] }, cancellationToken).ConfigureAwait(false);
        var vpc = vpcs.Vpcs?.FirstOrDefault()
            ?? throw new AwsProvisioningException(
                $"The region {clients.Region} has no default VPC; set awsSubnetId to a subnet (with a route to an internet gateway) for the hosts.");
        return (vpc.VpcId, null);
    }

    private AwsProvisioningException UnknownSubnet(string subnetId, Exception? inner) =>
        new($"awsSubnetId: the subnet {subnetId} does not exist in {clients.Region}.", inner);
}
