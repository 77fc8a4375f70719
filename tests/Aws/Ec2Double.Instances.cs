using System.Security.Cryptography;
using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using Workload.Providers.Aws;

namespace Workload.Tests.Aws;

/// <summary>The instances of <see cref="Ec2Double"/>.</summary>
public sealed partial class Ec2Double
{
    /// <summary>Simulated time from pending to running, from running to both status checks ok, from stopping to stopped and from shutting-down to terminated.</summary>
    public TimeSpan TimeToRunning { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan StatusOkAfter { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan TimeToStopped { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan TimeToTerminated { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How far into its first boot cloud-init prints the host keys to the console.</summary>
    public TimeSpan KeysPrintedAfter { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>
    /// How far the console output EC2 returns without Latest lags behind the console: it is "buffered information
    /// posted shortly after an instance transition state", and Ubuntu's publishers report the key lines can take up
    /// to 20 minutes to show. With Latest (Nitro types only) it is the console as it is.
    /// </summary>
    public TimeSpan ConsoleBufferDelay { get; set; } = TimeSpan.FromMinutes(12);

    /// <summary>Never print host keys on the console (an image without cloud-init's key output).</summary>
    public bool ConsoleNeverShowsKeys { get; set; }

    /// <summary>Steps for which a new instance is missing from filtered DescribeInstances (EC2's listings lag behind, as its ids do).</summary>
    public int DescribeLagTicks { get; set; }

    /// <summary>The next RunInstances launches, then fails as if the connection dropped before the answer came.</summary>
    public bool LoseNextRunInstancesAnswer { get; set; }

    public Dictionary<string, InstanceRecord> InstanceRecords { get; } = new(StringComparer.Ordinal);

    /// <summary>Every client token EC2 has seen, with its instance and the parameters of its launch (kept, as EC2 keeps them at least a day after termination).</summary>
    public Dictionary<string, (string InstanceId, string Parameters)> ClientTokens { get; } = new(StringComparer.Ordinal);

    /// <summary>The instances that are not terminated.</summary>
    public IReadOnlyList<InstanceRecord> LiveInstances => InstanceRecords.Values.Where(i => i.State != "terminated").ToList();

    public Task<RunInstancesResponse> RunInstancesAsync(RunInstancesRequest request, CancellationToken cancellationToken)
    {
        Enter("RunInstances");
        var parameters = RequestParameters.Of(request, nameof(RunInstancesRequest.ClientToken));
        if (request.ClientToken is { } token && ClientTokens.TryGetValue(token, out var earlier))
        {
            return earlier.Parameters == parameters
                ? Task.FromResult(new RunInstancesResponse { Reservation = new Reservation { Instances = [InstanceRecords[earlier.InstanceId].ToModel()] } })
                : throw Error("IdempotentParameterMismatch", "Arguments on this idempotent request are inconsistent with arguments used in previous request(s).");
        }

        if (request.MinCount != 1 || request.MaxCount != 1)
        {
            throw new NotSupportedException("Ec2Double launches one instance at a time.");
        }

        var image = Images.GetValueOrDefault(request.ImageId ?? string.Empty) ?? throw Error("InvalidAMIID.NotFound", $"The image id '[{request.ImageId}]' does not exist");
        var type = request.InstanceType?.Value ?? string.Empty;
        if (!InstanceTypes.TryGetValue(type, out var spec))
        {
            throw Error("InvalidParameterValue", $"Invalid value '{type}' for InstanceType.");
        }

        if (spec.Architecture != image.Architecture.Value)
        {
            throw Error("InvalidParameterValue", $"The architecture '{spec.Architecture}' of the instance type does not match the image's ({image.Architecture.Value}).");
        }

        if (request.KeyName is not null && !KeyPairVisible(request.KeyName))
        {
            throw Error("InvalidKeyPair.NotFound", $"The key pair '{request.KeyName}' does not exist");
        }

        var network = request.NetworkInterfaces?.FirstOrDefault();
        var groups = (network?.Groups ?? []).Concat(request.SecurityGroupIds ?? []).ToList();
        var missingGroup = groups.FirstOrDefault(g => !GroupVisible(g));
        if (groups.Count == 0 || missingGroup is not null)
        {
            throw Error("InvalidGroup.NotFound", $"The security group '{missingGroup}' does not exist");
        }

        var subnetId = network?.SubnetId ?? request.SubnetId;
        var subnet = subnetId is null
            ? Subnets.First(s => s.VpcId == GroupRecords[groups[0]].VpcId && s.DefaultForAz == true && Offerings[type].Contains(s.AvailabilityZone))
            : Subnets.FirstOrDefault(s => s.SubnetId == subnetId) ?? throw Error("InvalidSubnetID.NotFound", $"The subnet ID '{subnetId}' does not exist");
        if (!Offerings[type].Contains(subnet.AvailabilityZone))
        {
            throw Error(
                "Unsupported",
                $"Your requested instance type ({type}) is not supported in your requested Availability Zone ({subnet.AvailabilityZone}). " +
                $"Please retry your request by not specifying an Availability Zone or choosing {string.Join(", ", Offerings[type].Order(StringComparer.Ordinal))}.");
        }

        var number = InstanceRecords.Count + 5;
        var root = request.BlockDeviceMappings?.FirstOrDefault(b => b.DeviceName == image.RootDeviceName)?.Ebs;
        var instance = new InstanceRecord
        {
            Owner = this,
            Id = NewId("i"),
            ImageId = image.ImageId,
            InstanceType = type,
            KeyName = request.KeyName,
            GroupIds = groups,
            VpcId = subnet.VpcId,
            Zone = subnet.AvailabilityZone,
            SubnetId = subnet.SubnetId,
            PublicAddress = $"198.51.100.{number}",
            PrivateAddress = $"172.31.0.{number}",
            HttpTokens = request.MetadataOptions?.HttpTokens?.Value ?? "optional",
            RootEncrypted = root?.Encrypted == true,
            RootVolumeGiB = root?.VolumeSize ?? 8,
            RootVolumeType = root?.VolumeType?.Value ?? "gp2",
            ClientToken = request.ClientToken,
            LaunchParameters = parameters,
            Tags = TagsOf(request.TagSpecifications, ResourceType.Instance),
            VolumeTags = TagsOf(request.TagSpecifications, ResourceType.Volume),
            HiddenTicks = DescribeLagTicks,
            VisibleAt = Now + NewIdLag,
            HostKey = NewHostKey("ssh-ed25519"),
            EcdsaHostKey = NewHostKey("ecdsa-sha2-nistp256"),
        };
        instance.MoveTo("pending");
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
        Filters.Check("DescribeInstances", request.Filters, "instance-state-name", "instance-id", "client-token");
        var byId = request.InstanceIds is { Count: > 0 };
        foreach (var id in request.InstanceIds ?? [])
        {
            Instance(id);
        }

        var found = InstanceRecords.Values
            .Where(i => byId ? request.InstanceIds!.Contains(i.Id) : i.HiddenTicks <= 0 && Now >= i.VisibleAt)
            .Where(i => Filters.Match(request.Filters, name => Filters.Tag(name, i.Tags) ?? name switch
            {
                "instance-state-name" => [i.State],
                "instance-id" => [i.Id],
                "client-token" => [i.ClientToken],
                _ => Filters.Unsupported("DescribeInstances", name),
            }))
            .Select(i => new Reservation { Instances = [i.ToModel()] })
            .ToList();
        return Task.FromResult(new DescribeInstancesResponse { Reservations = found });
    }

    public Task<DescribeInstanceStatusResponse> DescribeInstanceStatusAsync(DescribeInstanceStatusRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeInstanceStatus");
        var statuses = (request.InstanceIds ?? []).Select(Instance).Select(i =>
        {
            var status = i.State == "running" && i.TimeInState >= StatusOkAfter ? SummaryStatus.Ok : SummaryStatus.Initializing;
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
        var instance = Instance(request.InstanceId);
        var latest = request.Latest == true;
        if (latest && InstanceTypes[instance.InstanceType].Hypervisor != "nitro")
        {
            throw Error("UnsupportedOperation", $"The instance type {instance.InstanceType} does not support retrieving the latest console output.");
        }

        var text = instance.ConsoleText(this, latest ? Now : Now - ConsoleBufferDelay);
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
            var instance = Instance(id);
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
            var instance = Instance(id);
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
        var instance = Instance(request.InstanceId);
        instance.HttpTokens = request.HttpTokens?.Value ?? instance.HttpTokens;
        return Task.FromResult(new ModifyInstanceMetadataOptionsResponse());
    }

    /// <summary>Stops and starts an instance as its owner might by hand (no call is recorded): it boots again.</summary>
    public void Restart(string instanceId)
    {
        InstanceRecords[instanceId].MoveTo("pending");
        while (InstanceRecords[instanceId].State != "running")
        {
            Tick();
        }
    }

    /// <summary>An instance made outside the tool, as a test's fixture; no call is recorded.</summary>
    public InstanceRecord AddForeignInstance(List<Tag> tags, string state = "running")
    {
        var instance = new InstanceRecord
        {
            Owner = this,
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

    /// <summary>The instance of an id, as calls by id see it: unknown, and for a moment after its launch too, is InvalidInstanceID.NotFound.</summary>
    private InstanceRecord Instance(string id) =>
        InstanceRecords.TryGetValue(id, out var instance) && Now >= instance.VisibleAt
            ? instance
            : throw Error("InvalidInstanceID.NotFound", $"The instance ID '{id}' does not exist");

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
