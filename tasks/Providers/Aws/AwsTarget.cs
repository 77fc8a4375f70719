using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>What one host is launched as.</summary>
/// <param name="InstanceType">The EC2 instance type.</param>
/// <param name="Image">The image.</param>
/// <param name="Nitro">Whether the type runs on the Nitro hypervisor, which serves the latest console output on request.</param>
public sealed record HostSpec(string InstanceType, MachineImage Image, bool Nitro);

/// <summary>
/// Where the workload goes in the account, checked before anything is created: the network (a subnet in a zone
/// that offers both instance types) and each host's type and image.
/// </summary>
/// <param name="VpcId">The VPC of the security groups.</param>
/// <param name="SubnetId">The subnet of the instances.</param>
/// <param name="Zone">The subnet's availability zone.</param>
/// <param name="Family">The image family, which names the login user.</param>
/// <param name="Hosts">Each role's instance type and image.</param>
public sealed record AwsTarget(string VpcId, string SubnetId, string Zone, ImageFamily Family, IReadOnlyDictionary<HostRole, HostSpec> Hosts);
