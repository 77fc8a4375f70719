using System.Security.Cryptography;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Workload.Aws;

namespace Workload.Tests.Aws;

/// <summary>The instances of <see cref="Ec2Double"/>.</summary>
public sealed partial class Ec2Double
{
    /// <summary>Ticks from pending to running, and from running to status checks ok and host keys on the console.</summary>
    public int TicksToRunning { get; set; } = 2;

    public int TicksToStatusOk { get; set; } = 2;

    public int TicksToConsoleKeys { get; set; } = 1;

    public int TicksToTerminated { get; set; } = 2;

    /// <summary>Never print host keys on the console (an image without cloud-init's key output).</summary>
    public bool ConsoleNeverShowsKeys { get; set; }

    /// <summary>Ticks for which a new instance is missing from filtered DescribeInstances (EC2 is eventually consistent).</summary>
    public int DescribeLagTicks { get; set; }

    /// <summary>The next RunInstances launches, then fails as if the connection dropped before the answer came.</summary>
    public bool LoseNextRunInstancesAnswer { get; set; }

    public Dictionary<string, InstanceRecord> InstanceRecords { get; } = new(StringComparer.Ordinal);

    private Dictionary<string, (string InstanceId, string Parameters)> ClientTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>The instances that are not terminated.</summary>
    public IReadOnlyList<InstanceRecord> LiveInstances => InstanceRecords.Values.Where(i => i.State != "terminated").ToList();

    public Task<RunInstancesResponse> RunInstancesAsync(RunInstancesRequest request, CancellationToken cancellationToken)
    {
        Enter("RunInstances");
        var groups = (request.NetworkInterfaces?.FirstOrDefault()?.Groups ?? []).Concat(request.SecurityGroupIds ?? []).ToList();
        var parameters = string.Join('|', request.ImageId, request.InstanceType?.Value, request.KeyName, string.Join(',', groups));
        if (request.ClientToken is { } token && ClientTokens.TryGetValue(token, out var earlier))
        {
            return earlier.Parameters == parameters
                ? Task.FromResult(new RunInstancesResponse { Reservation = new Reservation { Instances = [InstanceRecords[earlier.InstanceId].ToModel()] } })
                : throw Error("IdempotentParameterMismatch", "The client token was used before with other parameters.");
        }

        if (request.MinCount != 1 || request.MaxCount != 1)
        {
            throw new NotSupportedException("Ec2Double launches one instance at a time.");
        }

        var image = Images.GetValueOrDefault(request.ImageId ?? string.Empty) ?? throw Error("InvalidAMIID.NotFound", $"The image id '[{request.ImageId}]' does not exist");
        if (!InstanceTypes.TryGetValue(request.InstanceType?.Value ?? string.Empty, out var architecture))
        {
            throw Error("InvalidParameterValue", $"Invalid value '{request.InstanceType?.Value}' for InstanceType.");
        }

        if (architecture != image.Architecture.Value)
        {
            throw Error("InvalidParameterValue", $"The architecture '{architecture}' of the instance type does not match the image's ({image.Architecture.Value}).");
        }

        if (request.KeyName is not null && !KeyPairRecords.ContainsKey(request.KeyName))
        {
            throw Error("InvalidKeyPair.NotFound", $"The key pair '{request.KeyName}' does not exist");
        }

        var missingGroup = groups.FirstOrDefault(g => !GroupRecords.ContainsKey(g));
        if (groups.Count == 0 || missingGroup is not null)
        {
            throw Error("InvalidGroup.NotFound", $"The security group '{missingGroup}' does not exist");
        }

        var number = InstanceRecords.Count + 5;
        var root = request.BlockDeviceMappings?.FirstOrDefault(b => b.DeviceName == image.RootDeviceName)?.Ebs;
        var instance = new InstanceRecord
        {
            Id = NewId("i"),
            ImageId = image.ImageId,
            InstanceType = request.InstanceType!.Value,
            KeyName = request.KeyName,
            GroupIds = groups,
            VpcId = GroupRecords[groups[0]].VpcId,
            PublicAddress = $"198.51.100.{number}",
            PrivateAddress = $"172.31.0.{number}",
            HttpTokens = request.MetadataOptions?.HttpTokens?.Value ?? "optional",
            RootEncrypted = root?.Encrypted == true,
            RootVolumeGiB = root?.VolumeSize ?? 8,
            RootVolumeType = root?.VolumeType?.Value ?? "gp2",
            ClientToken = request.ClientToken,
            Tags = TagsOf(request.TagSpecifications, ResourceType.Instance),
            VolumeTags = TagsOf(request.TagSpecifications, ResourceType.Volume),
            HiddenTicks = DescribeLagTicks,
            HostKey = NewHostKey("ssh-ed25519"),
            EcdsaHostKey = NewHostKey("ecdsa-sha2-nistp256"),
        };
        InstanceRecords[instance.Id] = instance;
        if (request.ClientToken is not null)
        {
            ClientTokens[request.ClientToken] = (instance.Id, parameters);
        }

        if (LoseNextRunInstancesAnswer)
        {
            LoseNextRunInstancesAnswer = false;
            throw new HttpRequestException("The connection was reset before the answer arrived.");
        }

        return Task.FromResult(new RunInstancesResponse { Reservation = new Reservation { Instances = [instance.ToModel()] } });
    }

    public Task<DescribeInstancesResponse> DescribeInstancesAsync(DescribeInstancesRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeInstances");
        Filters.Check("DescribeInstances", request.Filters, "instance-state-name", "instance-id");
        var byId = request.InstanceIds is { Count: > 0 };
        var missing = (request.InstanceIds ?? []).FirstOrDefault(id => !InstanceRecords.ContainsKey(id));
        if (missing is not null)
        {
            throw Error("InvalidInstanceID.NotFound", $"The instance ID '{missing}' does not exist");
        }

        var found = InstanceRecords.Values
            .Where(i => byId ? request.InstanceIds!.Contains(i.Id) : i.HiddenTicks <= 0)
            .Where(i => Filters.Match(request.Filters, name => Filters.Tag(name, i.Tags) ?? name switch
            {
                "instance-state-name" => [i.State],
                "instance-id" => [i.Id],
                _ => Filters.Unsupported("DescribeInstances", name),
            }))
            .Select(i => new Reservation { Instances = [i.ToModel()] })
            .ToList();
        return Task.FromResult(new DescribeInstancesResponse { Reservations = found });
    }

    public Task<DescribeInstanceStatusResponse> DescribeInstanceStatusAsync(DescribeInstanceStatusRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeInstanceStatus");
        var statuses = (request.InstanceIds ?? []).Select(id => InstanceRecords[id]).Select(i =>
        {
            var status = i.State == "running" && i.TicksInState >= TicksToStatusOk ? SummaryStatus.Ok : SummaryStatus.Initializing;
            return new InstanceStatus
            {
                InstanceId = i.Id,
                InstanceState = new InstanceState { Name = i.State },
                Status = new InstanceStatusSummary { Status = status },
                SystemStatus = new InstanceStatusSummary { Status = status },
            };
        }).ToList();
        return Task.FromResult(new DescribeInstanceStatusResponse { InstanceStatuses = statuses });
    }

    public Task<GetConsoleOutputResponse> GetConsoleOutputAsync(GetConsoleOutputRequest request, CancellationToken cancellationToken)
    {
        Enter("GetConsoleOutput");
        var instance = InstanceRecords.GetValueOrDefault(request.InstanceId) ?? throw Error("InvalidInstanceID.NotFound", "No such instance");
        var booted = instance.State == "running" && instance.TicksInState >= TicksToConsoleKeys && !ConsoleNeverShowsKeys;
        var text = booted ? instance.ConsoleText() : "[    0.000000] Linux version 6.8.0-1018-aws\r\n";
        return Task.FromResult(new GetConsoleOutputResponse
        {
            InstanceId = instance.Id,
            Output = Convert.ToBase64String(Encoding.UTF8.GetBytes(text)),
        });
    }

    public Task<StartInstancesResponse> StartInstancesAsync(StartInstancesRequest request, CancellationToken cancellationToken)
    {
        Enter("StartInstances");
        foreach (var id in request.InstanceIds)
        {
            var instance = InstanceRecords[id];
            if (instance.State != "stopped")
            {
                throw Error("IncorrectInstanceState", $"The instance '{id}' is not in a state from which it can be started.");
            }

            instance.MoveTo("pending");
        }

        return Task.FromResult(new StartInstancesResponse());
    }

    public Task<TerminateInstancesResponse> TerminateInstancesAsync(TerminateInstancesRequest request, CancellationToken cancellationToken)
    {
        Enter("TerminateInstances");
        var changes = new List<InstanceStateChange>();
        foreach (var id in request.InstanceIds)
        {
            var instance = InstanceRecords.GetValueOrDefault(id) ?? throw Error("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist");
            var previous = instance.State;
            if (previous is not ("terminated" or "shutting-down"))
            {
                instance.MoveTo("shutting-down");
            }

            changes.Add(new InstanceStateChange { InstanceId = id, PreviousState = new InstanceState { Name = previous }, CurrentState = new InstanceState { Name = instance.State } });
        }

        return Task.FromResult(new TerminateInstancesResponse { TerminatingInstances = changes });
    }

    public Task<ModifyInstanceMetadataOptionsResponse> ModifyInstanceMetadataOptionsAsync(ModifyInstanceMetadataOptionsRequest request, CancellationToken cancellationToken)
    {
        Enter("ModifyInstanceMetadataOptions");
        InstanceRecords[request.InstanceId].HttpTokens = request.HttpTokens?.Value ?? InstanceRecords[request.InstanceId].HttpTokens;
        return Task.FromResult(new ModifyInstanceMetadataOptionsResponse());
    }

    /// <summary>An instance made outside the tool, as a test's fixture; no call is recorded.</summary>
    public InstanceRecord AddForeignInstance(List<Tag> tags, string state = "running")
    {
        var instance = new InstanceRecord
        {
            Id = NewId("i"),
            ImageId = UbuntuAmd64ImageId,
            InstanceType = "t3.micro",
            GroupIds = [],
            VpcId = DefaultVpcId,
            PublicAddress = "198.51.100.200",
            PrivateAddress = "172.31.0.200",
            Tags = tags,
            HostKey = NewHostKey("ssh-ed25519"),
            EcdsaHostKey = NewHostKey("ecdsa-sha2-nistp256"),
        };
        instance.MoveTo(state);
        InstanceRecords[instance.Id] = instance;
        return instance;
    }

    private static List<Tag> TagsOf(List<TagSpecification>? specifications, string resourceType) =>
        specifications?.Where(s => s.ResourceType == resourceType).SelectMany(s => s.Tags).Select(t => new Tag(t.Key, t.Value)).ToList() ?? [];

    private static SshPublicKey NewHostKey(string type)
    {
        var blob = new List<byte>();
        AppendString(blob, Encoding.ASCII.GetBytes(type));
        AppendString(blob, RandomNumberGenerator.GetBytes(32));
        return new SshPublicKey(type, Convert.ToBase64String(blob.ToArray()));
    }

    private static void AppendString(List<byte> buffer, byte[] value)
    {
        buffer.AddRange(BitConverter.IsLittleEndian ? BitConverter.GetBytes(value.Length).Reverse() : BitConverter.GetBytes(value.Length));
        buffer.AddRange(value);
    }
}
