using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace Workload.Tests.Aws;

/// <summary>
/// An in-memory EC2 of one account and region, for tests (no EC2 emulator is reachable here). It implements only
/// the calls the tool makes (any other fails, see <see cref="InterfaceDouble{TInterface}"/>) and enforces what the
/// tool relies on: tag and state filters, instance state transitions driven by <see cref="Tick"/>, security group
/// names unique per VPC, rules and their references (a group in use cannot be deleted), key pair names,
/// client-token idempotency, and console output that shows the host keys once an instance has booted.
/// </summary>
public sealed partial class Ec2Double
{
    public const string Region = "us-east-1";
    public const string DefaultVpcId = "vpc-0000000000000d0f1";
    public const string UbuntuAmd64ImageId = "ami-0000000000000a001";
    public const string UbuntuArm64ImageId = "ami-0000000000000a002";

    private static readonly string[] MutatingPrefixes = ["Run", "Create", "Import", "Authorize", "Revoke", "Delete", "Terminate", "Start", "Stop", "Modify"];
    private int _nextId;

    public Ec2Double()
    {
        Client = InterfaceDouble.Over<IAmazonEC2>(this);
        Vpcs.Add(new Vpc { VpcId = DefaultVpcId, IsDefault = true, CidrBlock = "172.31.0.0/16" });
        InstanceTypes["t3.micro"] = "x86_64";
        InstanceTypes["t3.small"] = "x86_64";
        InstanceTypes["t3.medium"] = "x86_64";
        InstanceTypes["t4g.small"] = "arm64";
        AddImage(UbuntuAmd64ImageId, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101", "x86_64", "2026-11-01T00:00:00.000Z");
        AddImage(UbuntuArm64ImageId, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20261101", "arm64", "2026-11-01T00:00:00.000Z");
        AddImage("ami-00000000000000a00", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20260101", "x86_64", "2026-01-01T00:00:00.000Z");
    }

    /// <summary>The double as the SDK interface the tool uses.</summary>
    public IAmazonEC2 Client { get; }

    /// <summary>Every call, by operation name (DescribeInstances, RunInstances, ...), in order.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The calls that change something in the account.</summary>
    public IReadOnlyList<string> MutatingCalls => Calls.Where(c => MutatingPrefixes.Any(p => c.StartsWith(p, StringComparison.Ordinal))).ToList();

    /// <summary>When set, every call fails with this error code, as AWS answers bad or expired credentials.</summary>
    public string? RejectCredentialsWith { get; set; }

    public List<Vpc> Vpcs { get; } = [];

    public List<Subnet> Subnets { get; } = [];

    /// <summary>Instance types offered, with their architecture.</summary>
    public Dictionary<string, string> InstanceTypes { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Image> Images { get; } = new(StringComparer.Ordinal);

    public void AddImage(string id, string name, string architecture, string created) => Images[id] = new Image
    {
        ImageId = id,
        Name = name,
        Architecture = architecture,
        CreationDate = created,
        OwnerId = "099720109477",
        RootDeviceName = "/dev/sda1",
        State = ImageState.Available,
    };

    /// <summary>Advances time by one step: pending, stopping and shutting-down instances move on, status checks and console output mature.</summary>
    public void Tick()
    {
        foreach (var instance in InstanceRecords.Values)
        {
            instance.Tick(this);
        }
    }

    public Task<DescribeRegionsResponse> DescribeRegionsAsync(DescribeRegionsRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeRegions");
        var unknown = (request.RegionNames ?? []).FirstOrDefault(r => r != Region && r != "eu-west-1");
        if (unknown is not null)
        {
            throw Error("InvalidParameterValue", $"Invalid region names: {unknown}");
        }

        return Task.FromResult(new DescribeRegionsResponse
        {
            Regions = (request.RegionNames ?? [Region]).Select(r => new Region { RegionName = r, OptInStatus = "opt-in-not-required" }).ToList(),
        });
    }

    public Task<DescribeVpcsResponse> DescribeVpcsAsync(DescribeVpcsRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeVpcs");
        Filters.Check("DescribeVpcs", request.Filters, "is-default");
        var vpcs = Vpcs.Where(v => Filters.Match(request.Filters, name => name switch
        {
            "is-default" => [v.IsDefault == true ? "true" : "false"],
            _ => Filters.Unsupported("DescribeVpcs", name),
        })).ToList();
        return Task.FromResult(new DescribeVpcsResponse { Vpcs = vpcs });
    }

    public Task<DescribeSubnetsResponse> DescribeSubnetsAsync(DescribeSubnetsRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeSubnets");
        var subnets = Subnets.Where(s => request.SubnetIds?.Contains(s.SubnetId) != false).ToList();
        if (request.SubnetIds is { Count: > 0 } && subnets.Count == 0)
        {
            throw Error("InvalidSubnetID.NotFound", $"The subnet ID '{request.SubnetIds[0]}' does not exist");
        }

        return Task.FromResult(new DescribeSubnetsResponse { Subnets = subnets });
    }

    public Task<DescribeInstanceTypesResponse> DescribeInstanceTypesAsync(DescribeInstanceTypesRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeInstanceTypes");
        var types = new List<InstanceTypeInfo>();
        foreach (var type in request.InstanceTypes ?? [])
        {
            if (!InstanceTypes.TryGetValue(type, out var architecture))
            {
                throw Error("InvalidInstanceType", $"The following supplied instance types do not exist: [{type}]");
            }

            types.Add(new InstanceTypeInfo { InstanceType = type, ProcessorInfo = new ProcessorInfo { SupportedArchitectures = [architecture] } });
        }

        return Task.FromResult(new DescribeInstanceTypesResponse { InstanceTypes = types });
    }

    public Task<DescribeImagesResponse> DescribeImagesAsync(DescribeImagesRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeImages");
        Filters.Check("DescribeImages", request.Filters, "name", "architecture", "state");
        var missing = (request.ImageIds ?? []).FirstOrDefault(id => !Images.ContainsKey(id));
        if (missing is not null)
        {
            throw Error("InvalidAMIID.NotFound", $"The image id '[{missing}]' does not exist");
        }

        var images = Images.Values
            .Where(i => request.ImageIds is not { Count: > 0 } || request.ImageIds.Contains(i.ImageId))
            .Where(i => request.Owners is not { Count: > 0 } || request.Owners.Contains(i.OwnerId))
            .Where(i => Filters.Match(request.Filters, name => name switch
            {
                "name" => [i.Name],
                "architecture" => [i.Architecture.Value],
                "state" => [i.State.Value],
                _ => Filters.Unsupported("DescribeImages", name),
            }))
            .ToList();
        return Task.FromResult(new DescribeImagesResponse { Images = images });
    }

    private string NewId(string prefix) => $"{prefix}-{++_nextId:x17}";

    private void Enter(string call)
    {
        Calls.Add(call);
        if (RejectCredentialsWith is { } code)
        {
            throw Error(code, code == "AuthFailure" ? "AWS was not able to validate the provided access credentials" : "Request has expired.");
        }
    }

    private static AmazonEC2Exception Error(string code, string message) =>
        new(message, ErrorType.Sender, code, "00000000-0000-0000-0000-000000000000", HttpStatusCode.BadRequest);
}
