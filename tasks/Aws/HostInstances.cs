using System.Security.Cryptography;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Workload.Configuration;
using Workload.Providers;

namespace Workload.Aws;

/// <summary>
/// The instance of each role: found by its tags (Project, ManagedBy, Role) on every run, launched only when none
/// is alive, and launched with a client token derived from what is launched, so that a retried request never
/// makes a second instance.
/// </summary>
public sealed class HostInstances(AwsClients clients, WorkloadSettings settings)
{
    /// <summary>States of an instance that still counts as the role's host; a terminated one does not.</summary>
    private static readonly List<string> LiveStates = ["pending", "running", "stopping", "stopped"];

    /// <summary>The role's live instance, or null; more than one is an error the user must resolve.</summary>
    public async Task<Instance?> FindAsync(HostRole role, CancellationToken cancellationToken)
    {
        var filters = AwsNames.OwnershipFilters(settings.Project);
        filters.Add(new Filter($"tag:{AwsNames.RoleTag}", [AwsNames.RoleKey(role)]));
        filters.Add(new Filter("instance-state-name", LiveStates));
        var found = await DescribeAsync(new DescribeInstancesRequest { Filters = filters }, cancellationToken).ConfigureAwait(false);
        if (found.Count > 1)
        {
            throw new AwsProvisioningException(
                $"There are {found.Count} {AwsNames.RoleKey(role)} instances of project {settings.Project}: {string.Join(", ", found.Select(i => i.InstanceId))}. " +
                "The tool will not guess which is the host; terminate the extra ones (or run the Destroy target) and re-run.");
        }

        return found.FirstOrDefault();
    }

    /// <summary>One instance by id, as it is now.</summary>
    public async Task<Instance> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var found = await DescribeAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault() ?? throw new AwsProvisioningException($"The instance {instanceId} has disappeared.");
    }

    /// <summary>The launch in words, for the plan.</summary>
    public string LaunchText(HostRole role, HostSpec spec) =>
        $"launch instance {AwsNames.ResourceName(settings.Project, role)}: {spec.InstanceType}, {spec.Image}, " +
        $"{settings.RootVolumeSizeGiB} GiB encrypted gp3 root volume, IMDSv2 required, public IPv4 address";

    /// <summary>
    /// Launches the role's instance. The client token is derived from the launch itself; EC2 answers a token it
    /// has seen (for at least a day, even after termination) with the instance it made then, so a token whose
    /// instance has since been terminated is spent, and the next token is derived from that instance's id.
    /// </summary>
    public async Task<Instance> LaunchAsync(HostRole role, HostSpec spec, string securityGroupId, string keyName, string? subnetId, CancellationToken cancellationToken)
    {
        string? spentInstanceId = null;
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var token = ClientToken(settings.Project, role, securityGroupId, spec, spentInstanceId);
            var response = await clients.Ec2.RunInstancesAsync(LaunchRequest(role, spec, securityGroupId, keyName, subnetId, token), cancellationToken).ConfigureAwait(false);
            var instance = response.Reservation?.Instances?.FirstOrDefault()
                ?? throw new AwsProvisioningException("EC2 accepted the launch but returned no instance.");
            if (instance.State?.Name != InstanceStateName.ShuttingDown && instance.State?.Name != InstanceStateName.Terminated)
            {
                return instance;
            }

            spentInstanceId = instance.InstanceId;
        }

        throw new AwsProvisioningException($"Every client token tried for {AwsNames.ResourceName(settings.Project, role)} belongs to a terminated instance.");
    }

    /// <summary>
    /// The idempotency token of a launch: the same inputs give the same token, so a retry of an interrupted launch
    /// returns the instance it already made; other inputs (a new image, another type) give another token.
    /// </summary>
    public static string ClientToken(string project, HostRole role, string securityGroupId, HostSpec spec, string? spentInstanceId)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var input = string.Join('|', project, AwsNames.RoleKey(role), securityGroupId, spec.InstanceType, spec.Image.ImageId, spentInstanceId ?? string.Empty);
        return "mbw-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..48];
    }

    public async Task StartAsync(string instanceId, CancellationToken cancellationToken) =>
        await clients.Ec2.StartInstancesAsync(new StartInstancesRequest { InstanceIds = [instanceId] }, cancellationToken).ConfigureAwait(false);

    /// <summary>Makes IMDSv2 (session tokens) required on an instance that allows IMDSv1.</summary>
    public async Task RequireImdsV2Async(string instanceId, CancellationToken cancellationToken) =>
        await clients.Ec2.ModifyInstanceMetadataOptionsAsync(
            new ModifyInstanceMetadataOptionsRequest { InstanceId = instanceId, HttpTokens = HttpTokensState.Required, HttpEndpoint = InstanceMetadataEndpointState.Enabled },
            cancellationToken).ConfigureAwait(false);

    /// <summary>True when the instance's metadata service accepts only IMDSv2 requests.</summary>
    public static bool RequiresImdsV2(Instance instance) => instance.MetadataOptions?.HttpTokens == HttpTokensState.Required;

    private RunInstancesRequest LaunchRequest(HostRole role, HostSpec spec, string securityGroupId, string keyName, string? subnetId, string token)
    {
        var name = AwsNames.ResourceName(settings.Project, role);
        var tags = AwsNames.TagsFor(settings.Project, name, role, settings.AwsTags);
        return new RunInstancesRequest
        {
            ClientToken = token,
            ImageId = spec.Image.ImageId,
            InstanceType = spec.InstanceType,
            MinCount = 1,
            MaxCount = 1,
            KeyName = keyName,

            // A network interface of our own so the host gets a public address even in a subnet that does not hand them out.
            NetworkInterfaces =
            [
                new InstanceNetworkInterfaceSpecification
                {
                    DeviceIndex = 0,
                    AssociatePublicIpAddress = true,
                    DeleteOnTermination = true,
                    SubnetId = subnetId,
                    Groups = [securityGroupId],
                },
            ],
            MetadataOptions = new InstanceMetadataOptionsRequest
            {
                HttpTokens = HttpTokensState.Required,
                HttpEndpoint = InstanceMetadataEndpointState.Enabled,
                HttpPutResponseHopLimit = 1,
            },
            BlockDeviceMappings =
            [
                new BlockDeviceMapping
                {
                    DeviceName = spec.Image.RootDeviceName,
                    Ebs = new EbsBlockDevice
                    {
                        Encrypted = true,
                        VolumeType = VolumeType.Gp3,
                        VolumeSize = settings.RootVolumeSizeGiB,
                        DeleteOnTermination = true,
                    },
                },
            ],
            TagSpecifications =
            [
                new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags },
                new TagSpecification { ResourceType = ResourceType.Volume, Tags = tags },
                new TagSpecification { ResourceType = ResourceType.NetworkInterface, Tags = tags },
            ],
        };
    }

    /// <summary>Every instance a DescribeInstances request matches, across pages.</summary>
    public static async Task<List<Instance>> DescribeAllAsync(IAmazonEC2 ec2, DescribeInstancesRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        ArgumentNullException.ThrowIfNull(request);
        var instances = new List<Instance>();
        do
        {
            var response = await ec2.DescribeInstancesAsync(request, cancellationToken).ConfigureAwait(false);
            instances.AddRange((response.Reservations ?? []).SelectMany(r => r.Instances ?? []));
            request.NextToken = response.NextToken;
        }
        while (!string.IsNullOrEmpty(request.NextToken));
        return instances;
    }

    private Task<List<Instance>> DescribeAsync(DescribeInstancesRequest request, CancellationToken cancellationToken) =>
        DescribeAllAsync(clients.Ec2, request, cancellationToken);
}
