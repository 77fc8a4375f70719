using System.Net;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;

namespace Workload.Tests.Aws;

/// <summary>
/// An in-memory EC2 of one account, for tests (no EC2 emulator is reachable here). It implements only the calls the
/// tool makes (any other fails, see <see cref="InterfaceDouble{TInterface}"/>) and rejects and delays what EC2
/// rejects and delays, as AWS documents it: tag and state filters; instance state transitions as simulated time
/// passes (<see cref="Advance"/>); ids that calls by id do not know for a few seconds after creation (eventual
/// consistency); instance types offered only in some zones; security group names unique per VPC without regard to
/// case and never starting with sg-; key pairs of RSA and ED25519 only; client tokens compared with the whole
/// launch request; console output that shows the host keys only on an instance's first boot, at once with Latest on
/// Nitro types and minutes later without; regions the account has not enabled answering AuthFailure.
/// </summary>
public sealed partial class Ec2Double
{
    public const string Region = "us-east-1";
    public const string DefaultVpcId = "vpc-0000000000000d0f1";
    public const string UbuntuAmd64ImageId = "ami-0000000000000a001";
    public const string UbuntuArm64ImageId = "ami-0000000000000a002";
    public const string DebianAmd64ImageId = "ami-0000000000000d013";
    public const string DebianArm64ImageId = "ami-0000000000000d014";

    /// <summary>The zone of us-east-1 where this double, like EC2 (use1-az3), offers no t3 types.</summary>
    public const string ZoneWithoutT3 = "us-east-1e";

    public const string CanonicalOwnerId = "099720109477";
    public const string DebianOwnerId = "136693071363";

    private static readonly string[] MutatingPrefixes = ["Run", "Create", "Import", "Authorize", "Revoke", "Delete", "Terminate", "Start", "Stop", "Modify"];
    private int _nextId;
    private string _callRegion = Region;

    public Ec2Double()
    {
        Client = ClientFor(Region);
        Vpcs.Add(new Vpc { VpcId = DefaultVpcId, IsDefault = true, CidrBlock = "172.31.0.0/16" });
        foreach (var (zone, index) in Zones.Select((z, i) => (z, i)))
        {
            Subnets.Add(new Subnet
            {
                SubnetId = $"subnet-00000000000000{index:x3}",
                VpcId = DefaultVpcId,
                AvailabilityZone = zone,
                DefaultForAz = true,
                CidrBlock = $"172.31.{index * 16}.0/20",
            });
        }

        InstanceTypes["t3.micro"] = new InstanceTypeSpec("x86_64", "nitro");
        InstanceTypes["t3.small"] = new InstanceTypeSpec("x86_64", "nitro");
        InstanceTypes["t3.medium"] = new InstanceTypeSpec("x86_64", "nitro");
        InstanceTypes["t4g.small"] = new InstanceTypeSpec("arm64", "nitro");
        InstanceTypes["t2.micro"] = new InstanceTypeSpec("x86_64", "xen");
        foreach (var type in InstanceTypes.Keys)
        {
            Offerings[type] = Zones.Where(z => !(type.StartsWith("t3.", StringComparison.Ordinal) && z == ZoneWithoutT3)).ToHashSet(StringComparer.Ordinal);
        }

        AddImage(UbuntuAmd64ImageId, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20261101", "x86_64", "2026-11-01T00:00:00.000Z");
        AddImage(UbuntuArm64ImageId, "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-20261101", "arm64", "2026-11-01T00:00:00.000Z");
        AddImage("ami-00000000000000a00", "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20260101", "x86_64", "2026-01-01T00:00:00.000Z");
        AddImage(DebianAmd64ImageId, "debian-13-amd64-20261110-2295", "x86_64", "2026-11-10T00:00:00.000Z", DebianOwnerId, "/dev/xvda");
        AddImage(DebianArm64ImageId, "debian-13-arm64-20261110-2295", "arm64", "2026-11-10T00:00:00.000Z", DebianOwnerId, "/dev/xvda");
    }

    /// <summary>An instance type: its architecture and hypervisor (nitro or xen).</summary>
    public sealed record InstanceTypeSpec(string Architecture, string Hypervisor);

    /// <summary>The double as the SDK interface the tool uses, bound to <see cref="Region"/>.</summary>
    public IAmazonEC2 Client { get; }

    /// <summary>Every call, by operation name (DescribeInstances, RunInstances, ...), in order.</summary>
    public List<string> Calls { get; } = [];

    /// <summary>The region of each call, in the order of <see cref="Calls"/>.</summary>
    public List<string> CallRegions { get; } = [];

    /// <summary>The calls that change something in the account.</summary>
    public IReadOnlyList<string> MutatingCalls => Calls.Where(c => MutatingPrefixes.Any(p => c.StartsWith(p, StringComparison.Ordinal))).ToList();

    /// <summary>When set, every call fails with this error code, as AWS answers bad or expired credentials.</summary>
    public string? RejectCredentialsWith { get; set; }

    /// <summary>Simulated time: what the instances' states and console output are measured against.</summary>
    public DateTimeOffset Now { get; private set; } = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    /// <summary>Regions that need opting in; those not in <see cref="EnabledOptInRegions"/> answer every call with AuthFailure.</summary>
    public HashSet<string> OptInRegions { get; } = new(StringComparer.Ordinal) { "af-south-1", "ap-east-1" };

    public HashSet<string> EnabledOptInRegions { get; } = new(StringComparer.Ordinal);

    /// <summary>Regions enabled in every account.</summary>
    public IReadOnlyList<string> StandardRegions { get; } = [Region, "eu-west-1", "us-west-2"];

    public IReadOnlyList<string> Zones { get; } = ["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d", ZoneWithoutT3, "us-east-1f"];

    public List<Vpc> Vpcs { get; } = [];

    public List<Subnet> Subnets { get; } = [];

    /// <summary>Instance types that exist, with their architecture and hypervisor.</summary>
    public Dictionary<string, InstanceTypeSpec> InstanceTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>For each instance type, the zones that offer it.</summary>
    public Dictionary<string, HashSet<string>> Offerings { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, Image> Images { get; } = new(StringComparer.Ordinal);

    /// <summary>How long after its creation an id is unknown to calls by id and to listings (EC2's eventual consistency).</summary>
    public TimeSpan NewIdLag { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>The client of another region (calls from a region the account has not enabled answer AuthFailure).</summary>
    public IAmazonEC2 ClientFor(string region) => InterfaceDouble.Over<IAmazonEC2>(this, () => _callRegion = region);

    public void AddImage(string id, string name, string architecture, string created, string owner = CanonicalOwnerId, string rootDevice = "/dev/sda1") => Images[id] = new Image
    {
        ImageId = id,
        Name = name,
        Architecture = architecture,
        CreationDate = created,
        OwnerId = owner,
        RootDeviceName = rootDevice,
        State = ImageState.Available,
    };

    /// <summary>
    /// Lets simulated time pass, in steps of at most ten seconds: pending, stopping and shutting-down instances move
    /// on, status checks and console output mature.
    /// </summary>
    public void Advance(TimeSpan time)
    {
        var step = TimeSpan.FromSeconds(10);
        for (var left = time; left > TimeSpan.Zero; left -= step)
        {
            Now += left < step ? left : step;
            foreach (var instance in InstanceRecords.Values)
            {
                instance.Tick(this);
            }
        }
    }

    /// <summary>One step of simulated time (ten seconds).</summary>
    public void Tick() => Advance(TimeSpan.FromSeconds(10));

    public Task<DescribeRegionsResponse> DescribeRegionsAsync(DescribeRegionsRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeRegions");
        var known = StandardRegions.Concat(OptInRegions).ToList();
        var unknown = (request.RegionNames ?? []).FirstOrDefault(r => !known.Contains(r));
        if (unknown is not null)
        {
            throw Error("InvalidParameterValue", $"Invalid region names: {unknown}");
        }

        // Without AllRegions only enabled regions are listed, as in EC2.
        var regions = (request.RegionNames is { Count: > 0 } names ? names : known)
            .Where(r => request.AllRegions == true || IsEnabled(r))
            .Select(r => new Amazon.EC2.Model.Region
            {
                RegionName = r,
                OptInStatus = !OptInRegions.Contains(r) ? "opt-in-not-required" : IsEnabled(r) ? "opted-in" : "not-opted-in",
            })
            .ToList();
        return Task.FromResult(new DescribeRegionsResponse { Regions = regions });
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
        Filters.Check("DescribeSubnets", request.Filters, "vpc-id", "default-for-az", "availability-zone");
        var missing = (request.SubnetIds ?? []).FirstOrDefault(id => Subnets.All(s => s.SubnetId != id));
        if (missing is not null)
        {
            throw Error("InvalidSubnetID.NotFound", $"The subnet ID '{missing}' does not exist");
        }

        var subnets = Subnets
            .Where(s => request.SubnetIds is not { Count: > 0 } || request.SubnetIds.Contains(s.SubnetId))
            .Where(s => Filters.Match(request.Filters, name => name switch
            {
                "vpc-id" => [s.VpcId],
                "default-for-az" => [s.DefaultForAz == true ? "true" : "false"],
                "availability-zone" => [s.AvailabilityZone],
                _ => Filters.Unsupported("DescribeSubnets", name),
            }))
            .ToList();
        return Task.FromResult(new DescribeSubnetsResponse { Subnets = subnets });
    }

    public Task<DescribeInstanceTypesResponse> DescribeInstanceTypesAsync(DescribeInstanceTypesRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeInstanceTypes");
        var types = new List<InstanceTypeInfo>();
        foreach (var type in request.InstanceTypes ?? [])
        {
            if (!InstanceTypes.TryGetValue(type, out var spec))
            {
                throw Error("InvalidInstanceType", $"The following supplied instance types do not exist: [{type}]");
            }

            types.Add(new InstanceTypeInfo
            {
                InstanceType = type,
                Hypervisor = spec.Hypervisor,
                ProcessorInfo = new ProcessorInfo { SupportedArchitectures = [spec.Architecture] },
            });
        }

        return Task.FromResult(new DescribeInstanceTypesResponse { InstanceTypes = types });
    }

    public Task<DescribeInstanceTypeOfferingsResponse> DescribeInstanceTypeOfferingsAsync(DescribeInstanceTypeOfferingsRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeInstanceTypeOfferings");
        if (request.LocationType?.Value != "availability-zone")
        {
            throw new NotSupportedException("Ec2Double lists instance type offerings by availability zone only.");
        }

        Filters.Check("DescribeInstanceTypeOfferings", request.Filters, "instance-type", "location");
        var offerings = Offerings
            .SelectMany(o => o.Value.Select(zone => new InstanceTypeOffering { InstanceType = o.Key, Location = zone, LocationType = LocationType.AvailabilityZone }))
            .Where(o => Filters.Match(request.Filters, name => name switch
            {
                "instance-type" => [o.InstanceType.Value],
                "location" => [o.Location],
                _ => Filters.Unsupported("DescribeInstanceTypeOfferings", name),
            }))
            .ToList();
        return Task.FromResult(new DescribeInstanceTypeOfferingsResponse { InstanceTypeOfferings = offerings });
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

    private bool IsEnabled(string region) => !OptInRegions.Contains(region) || EnabledOptInRegions.Contains(region);

    private string NewId(string prefix) => $"{prefix}-{++_nextId:x17}";

    private void Enter(string call)
    {
        Calls.Add(call);
        CallRegions.Add(_callRegion);
        if (!IsEnabled(_callRegion))
        {
            // A region the account has not enabled refuses every request as if the credentials were bad.
            throw Error("AuthFailure", "AWS was not able to validate the provided access credentials");
        }

        if (RejectCredentialsWith is { } code)
        {
            throw Error(code, code == "AuthFailure" ? "AWS was not able to validate the provided access credentials" : "Request has expired.");
        }
    }

    private static AmazonEC2Exception Error(string code, string message) =>
        new(message, ErrorType.Sender, code, "00000000-0000-0000-0000-000000000000", HttpStatusCode.BadRequest);
}
