using Amazon.EC2.Model;
using Amazon.Runtime;
using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>
/// Read-only checks of everything the settings name in AWS, for both hosts at once, so that a bad value stops the
/// run before the first resource is created: the local key is one EC2 imports, the instance types exist, one
/// subnet is chosen explicitly in a zone that offers both types (t3 is missing from some zones), and the image
/// exists and matches the types' architecture.
/// </summary>
public sealed class AwsPreflight(AwsClients clients, WorkloadSettings settings)
{
    private sealed record TypeInfo(IReadOnlyList<string> Architectures, bool Nitro);

    public async Task<AwsTarget> RunAsync(CancellationToken cancellationToken)
    {
        KeyPairs.RequireImportableLocalKey(settings);
        var roles = new[]
        {
            (Role: HostRole.Jenkins, Key: "jenkinsInstanceType", Type: settings.JenkinsInstanceType),
            (Role: HostRole.Monitoring, Key: "monitoringInstanceType", Type: settings.MonitoringInstanceType),
        };
        var types = new Dictionary<string, TypeInfo>(StringComparer.Ordinal);
        foreach (var (_, key, type) in roles)
        {
            types.TryAdd(type, await TypeAsync(key, type, cancellationToken).ConfigureAwait(false));
        }

        var (vpcId, subnetId, zone) = await NetworkAsync(roles.Select(r => (r.Key, r.Type)).ToList(), cancellationToken).ConfigureAwait(false);
        var family = ImageFamily.For(settings.AwsImageFamily);
        var images = new MachineImages(clients, family);
        var hosts = new Dictionary<HostRole, HostSpec>();
        foreach (var (role, key, instanceType) in roles)
        {
            var architectures = types[instanceType].Architectures;
            var architecture = architectures.Contains("x86_64") || architectures.Count == 0 ? "x86_64" : architectures[0];
            var image = await images.FindAsync(settings.AmiId, architecture, cancellationToken).ConfigureAwait(false);
            if (architectures.Count > 0 && !architectures.Contains(image.Architecture))
            {
                throw new AwsProvisioningException(
                    $"amiId: the image {image} is built for {image.Architecture}, but {key} {instanceType} runs {string.Join(" or ", architectures)}; " +
                    "choose a matching image or instance type.");
            }

            hosts[role] = new HostSpec(instanceType, image, types[instanceType].Nitro);
        }

        return new AwsTarget(vpcId, subnetId, zone, family, hosts);
    }

    private async Task<TypeInfo> TypeAsync(string key, string instanceType, CancellationToken cancellationToken)
    {
        try
        {
            var response = await clients.Ec2.DescribeInstanceTypesAsync(
                new DescribeInstanceTypesRequest { InstanceTypes = [instanceType] }, cancellationToken).ConfigureAwait(false);
            var info = response.InstanceTypes?.FirstOrDefault()
                ?? throw UnknownType(key, instanceType, null);
            return new TypeInfo(info.ProcessorInfo?.SupportedArchitectures ?? [], info.Hypervisor?.Value == "nitro");
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode is "InvalidInstanceType" or "InvalidParameterValue")
        {
            throw UnknownType(key, instanceType, exception);
        }
    }

    private AwsProvisioningException UnknownType(string key, string instanceType, Exception? inner) =>
        new($"{key}: \"{instanceType}\" is not an instance type EC2 offers in {clients.Region}; choose one such as t3.small.", inner);

    /// <summary>
    /// The subnet of both hosts: awsSubnetId, or the default subnet of a zone of the default VPC (awsAvailabilityZone,
    /// else the first zone by name that offers both instance types), checked to offer both types.
    /// </summary>
    private async Task<(string VpcId, string SubnetId, string Zone)> NetworkAsync(List<(string Key, string Type)> types, CancellationToken cancellationToken)
    {
        var offered = await OfferingsAsync(types.Select(t => t.Type).Distinct().ToList(), cancellationToken).ConfigureAwait(false);
        bool OffersAll(string zone) => types.All(t => offered.TryGetValue(t.Type, out var zones) && zones.Contains(zone));

        if (settings.AwsSubnetId is { } subnetId)
        {
            var subnet = await SubnetAsync(subnetId, cancellationToken).ConfigureAwait(false);
            if (settings.AwsAvailabilityZone is { } wanted && wanted != subnet.AvailabilityZone)
            {
                throw new AwsProvisioningException(
                    $"awsAvailabilityZone: {wanted}, but awsSubnetId {subnetId} is in {subnet.AvailabilityZone}; set one of them, or both to agree.");
            }

            RequireOffered(types, offered, subnet.AvailabilityZone, $"awsSubnetId: the subnet {subnetId} is in {subnet.AvailabilityZone}", "choose a subnet in one of those zones, or other instance types");
            return (subnet.VpcId, subnet.SubnetId, subnet.AvailabilityZone);
        }

        var vpcs = await clients.Ec2.DescribeVpcsAsync(
            new DescribeVpcsRequest { Filters = [new Filter("is-default", ["true"])] }, cancellationToken).ConfigureAwait(false);
        var vpc = vpcs.Vpcs?.FirstOrDefault()
            ?? throw new AwsProvisioningException(
                $"The region {clients.Region} has no default VPC; set awsSubnetId to a subnet (with a route to an internet gateway) for the hosts.");
        var defaults = (await clients.Ec2.DescribeSubnetsAsync(
                new DescribeSubnetsRequest { Filters = [new Filter("vpc-id", [vpc.VpcId]), new Filter("default-for-az", ["true"])] }, cancellationToken).ConfigureAwait(false))
            .Subnets ?? [];
        var byZone = defaults.GroupBy(s => s.AvailabilityZone).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        if (settings.AwsAvailabilityZone is { } zone)
        {
            if (!byZone.TryGetValue(zone, out var chosen))
            {
                throw new AwsProvisioningException(
                    $"awsAvailabilityZone: the default VPC {vpc.VpcId} has no default subnet in {zone}; zones with one: {Listed(byZone.Keys)}. Choose one of them, or set awsSubnetId.");
            }

            RequireOffered(types, offered, zone, $"awsAvailabilityZone: {zone}", "choose one of those zones, or other instance types");
            return (vpc.VpcId, chosen.SubnetId, zone);
        }

        var usable = byZone.Keys.Where(OffersAll).Order(StringComparer.Ordinal).FirstOrDefault()
            ?? throw new AwsProvisioningException(
                $"No zone of the default VPC {vpc.VpcId} offers {Describe(types)} (default subnets in {Listed(byZone.Keys)}; " +
                $"{string.Join("; ", types.Select(t => $"{t.Type} offered in {Listed(offered.GetValueOrDefault(t.Type) ?? [])}"))}). Choose other instance types, or set awsSubnetId.");
        return (vpc.VpcId, byZone[usable].SubnetId, usable);
    }

    private void RequireOffered(IReadOnlyList<(string Key, string Type)> types, Dictionary<string, HashSet<string>> offered, string zone, string where, string remedy)
    {
        var missing = types.Where(t => !(offered.TryGetValue(t.Type, out var zones) && zones.Contains(zone))).ToList();
        if (missing.Count > 0)
        {
            var (key, type) = missing[0];
            throw new AwsProvisioningException(
                $"{where}, which does not offer {key} {type}; zones of {clients.Region} that do: {Listed(offered.GetValueOrDefault(type) ?? [])}. {char.ToUpperInvariant(remedy[0])}{remedy[1..]}.");
        }
    }

    /// <summary>For each instance type, the zones of the region that offer it.</summary>
    private async Task<Dictionary<string, HashSet<string>>> OfferingsAsync(IReadOnlyList<string> types, CancellationToken cancellationToken)
    {
        var offered = types.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        string? next = null;
        do
        {
            var response = await clients.Ec2.DescribeInstanceTypeOfferingsAsync(
                new DescribeInstanceTypeOfferingsRequest
                {
                    LocationType = Amazon.EC2.LocationType.AvailabilityZone,
                    Filters = [new Filter("instance-type", types.ToList())],
                    NextToken = next,
                },
                cancellationToken).ConfigureAwait(false);
            foreach (var offering in response.InstanceTypeOfferings ?? [])
            {
                if (offered.TryGetValue(offering.InstanceType.Value, out var zones))
                {
                    zones.Add(offering.Location);
                }
            }

            next = response.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return offered;
    }

    private async Task<Subnet> SubnetAsync(string subnetId, CancellationToken cancellationToken)
    {
        try
        {
            var subnets = await clients.Ec2.DescribeSubnetsAsync(new DescribeSubnetsRequest { SubnetIds = [subnetId] }, cancellationToken).ConfigureAwait(false);
            return subnets.Subnets?.FirstOrDefault() ?? throw UnknownSubnet(subnetId, null);
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode is "InvalidSubnetID.NotFound" or "InvalidSubnetID.Malformed")
        {
            throw UnknownSubnet(subnetId, exception);
        }
    }

    private static string Describe(IReadOnlyList<(string Key, string Type)> types) =>
        string.Join(" and ", types.Select(t => $"{t.Key} {t.Type}").Distinct());

    private static string Listed(IEnumerable<string> zones) =>
        zones.Any() ? string.Join(", ", zones.Order(StringComparer.Ordinal)) : "none";

    private AwsProvisioningException UnknownSubnet(string subnetId, Exception? inner) =>
        new($"awsSubnetId: the subnet {subnetId} does not exist in {clients.Region}.", inner);
}
