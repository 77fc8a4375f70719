using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>
/// The instance of each role: found by its tags (Project, ManagedBy, Role) on every run, launched only when none
/// is alive, and launched with a client token derived from the whole launch request, so that a retried request
/// never makes a second instance. Calls by the id of an instance just launched ride out EC2's eventual consistency.
/// </summary>
public sealed class HostInstances(AwsClients clients, WorkloadSettings settings, FreshIds freshIds)
{
    /// <summary>The tag that records the user an instance was launched to be reached as.</summary>
    public const string LoginUserTag = "LoginUser";

    /// <summary>States of an instance that still counts as the role's host; a terminated one does not.</summary>
    private static readonly List<string> LiveStates = ["pending", "running", "stopping", "stopped"];

    /// <summary>How many client tokens a launch tries (each spent by a terminated instance or refused as a mismatch).</summary>
    private const int TokenAttempts = 10;

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

    /// <summary>One instance by id, as it is now (an id just launched may take EC2 a moment to know).</summary>
    public async Task<Instance> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var found = await freshIds.CallAsync(
            token => DescribeAsync(new DescribeInstancesRequest { InstanceIds = [instanceId] }, token), cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault() ?? throw new AwsProvisioningException($"The instance {instanceId} has disappeared.");
    }

    /// <summary>The launch in words, for the plan.</summary>
    public string LaunchText(HostRole role, HostSpec spec, AwsTarget target) =>
        $"launch instance {AwsNames.ResourceName(settings.Project, role)}: {spec.InstanceType}, {spec.Image}, " +
        $"{settings.RootVolumeSizeGiB} GiB encrypted gp3 root volume, IMDSv2 required, public IPv4 address, " +
        $"in {target.Zone} ({target.SubnetId}), login user {LoginUser(target.Family)}";

    /// <summary>The user the hosts are reached as: sshUser when it is set, else the image family's.</summary>
    public string LoginUser(ImageFamily family) =>
        settings.Origins.GetValueOrDefault("sshUser", "default") == "default" ? family.LoginUser : settings.SshUser;

    /// <summary>
    /// Launches the role's instance. The client token is derived from the whole request, so a retry of the same
    /// launch (an answer lost on the way) returns the instance it made. EC2 keeps a token for at least a day, even
    /// after its instance was terminated: a token whose instance is gone, or one EC2 calls a parameter mismatch
    /// while no live instance holds it, is spent, and the next one is derived with that fact added.
    /// </summary>
    public async Task<Instance> LaunchAsync(HostRole role, HostSpec spec, AwsTarget target, string securityGroupId, string keyName, CancellationToken cancellationToken)
    {
        string? spent = null;
        for (var attempt = 0; attempt < TokenAttempts; attempt++)
        {
            var request = LaunchRequest(role, spec, target, securityGroupId, keyName);
            request.ClientToken = ClientToken(request, spent);
            RunInstancesResponse response;
            try
            {
                // A group or key pair made moments ago may not be known to RunInstances yet.
                response = await freshIds.CallAsync(token => clients.Ec2.RunInstancesAsync(request, token), cancellationToken).ConfigureAwait(false);
            }
            catch (AmazonServiceException exception) when (AwsFailures.HasCode(exception, "IdempotentParameterMismatch"))
            {
                var holder = await LiveHolderAsync(request.ClientToken, cancellationToken).ConfigureAwait(false);
                if (holder is not null)
                {
                    throw new AwsProvisioningException(
                        $"The client token of this launch belongs to the live instance {holder.InstanceId}, which was launched with other parameters " +
                        "and does not carry this project's tags. Terminate it, or set another project, and re-run.",
                        exception);
                }

                spent = $"mismatch {request.ClientToken}";
                continue;
            }

            var instance = response.Reservation?.Instances?.FirstOrDefault()
                ?? throw new AwsProvisioningException("EC2 accepted the launch but returned no instance.");
            if (instance.State?.Name != InstanceStateName.ShuttingDown && instance.State?.Name != InstanceStateName.Terminated)
            {
                return instance;
            }

            spent = $"terminated {instance.InstanceId}";
        }

        throw new AwsProvisioningException($"Every client token tried for {AwsNames.ResourceName(settings.Project, role)} belongs to a terminated instance or another launch.");
    }

    /// <summary>
    /// The idempotency token of a launch request: the same request gives the same token, so a retry of an
    /// interrupted launch returns the instance it already made; any other parameter (the image, the type, the
    /// volume size, the subnet, a tag) gives another token. <paramref name="spent"/> names a token found unusable.
    /// </summary>
    public static string ClientToken(RunInstancesRequest request, string? spent)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = LaunchParameters(request) + "|" + (spent ?? string.Empty);
        return "mbw-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)))[..48];
    }

    /// <summary>Every parameter of a launch request but its client token, in a canonical text.</summary>
    public static string LaunchParameters(RunInstancesRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.Serialize(new
        {
            request.ImageId,
            InstanceType = request.InstanceType?.Value,
            request.MinCount,
            request.MaxCount,
            request.KeyName,
            SecurityGroupIds = request.SecurityGroupIds ?? [],
            request.SubnetId,
            NetworkInterfaces = (request.NetworkInterfaces ?? []).Select(n => new
            {
                n.DeviceIndex,
                n.AssociatePublicIpAddress,
                n.DeleteOnTermination,
                n.SubnetId,
                Groups = n.Groups ?? [],
            }),
            Metadata = request.MetadataOptions is { } m ? new { HttpTokens = m.HttpTokens?.Value, HttpEndpoint = m.HttpEndpoint?.Value, m.HttpPutResponseHopLimit } : null,
            BlockDevices = (request.BlockDeviceMappings ?? []).Select(b => new
            {
                b.DeviceName,
                b.Ebs?.Encrypted,
                VolumeType = b.Ebs?.VolumeType?.Value,
                b.Ebs?.VolumeSize,
                b.Ebs?.DeleteOnTermination,
            }),
            Tags = (request.TagSpecifications ?? []).Select(t => new
            {
                ResourceType = t.ResourceType?.Value,
                Tags = (t.Tags ?? []).Select(tag => $"{tag.Key}={tag.Value}").Order(StringComparer.Ordinal),
            }),
        });
    }

    public Task StartAsync(string instanceId, CancellationToken cancellationToken) =>
        freshIds.CallAsync(token => clients.Ec2.StartInstancesAsync(new StartInstancesRequest { InstanceIds = [instanceId] }, token), cancellationToken);

    /// <summary>Makes IMDSv2 (session tokens) required on an instance that allows IMDSv1.</summary>
    public Task RequireImdsV2Async(string instanceId, CancellationToken cancellationToken) =>
        freshIds.CallAsync(
            token => clients.Ec2.ModifyInstanceMetadataOptionsAsync(
                new ModifyInstanceMetadataOptionsRequest { InstanceId = instanceId, HttpTokens = HttpTokensState.Required, HttpEndpoint = InstanceMetadataEndpointState.Enabled },
                token),
            cancellationToken);

    /// <summary>True when the instance's metadata service accepts only IMDSv2 requests.</summary>
    public static bool RequiresImdsV2(Instance instance) => instance.MetadataOptions?.HttpTokens == HttpTokensState.Required;

    private RunInstancesRequest LaunchRequest(HostRole role, HostSpec spec, AwsTarget target, string securityGroupId, string keyName)
    {
        var name = AwsNames.ResourceName(settings.Project, role);
        var tags = AwsNames.TagsFor(settings.Project, name, role, settings.AwsTags);
        var instanceTags = tags.Append(new Tag(LoginUserTag, LoginUser(target.Family))).ToList();
        return new RunInstancesRequest
        {
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
                    SubnetId = target.SubnetId,
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
                new TagSpecification { ResourceType = ResourceType.Instance, Tags = instanceTags },
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

    /// <summary>The live instance a client token belongs to, if any.</summary>
    private async Task<Instance?> LiveHolderAsync(string token, CancellationToken cancellationToken) =>
        (await DescribeAsync(
            new DescribeInstancesRequest { Filters = [new Filter("client-token", [token]), new Filter("instance-state-name", LiveStates)] },
            cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    private Task<List<Instance>> DescribeAsync(DescribeInstancesRequest request, CancellationToken cancellationToken) =>
        DescribeAllAsync(clients.Ec2, request, cancellationToken);
}
