using Workload.Providers;

namespace Workload.Aws;

/// <summary>What one host is launched as.</summary>
public sealed record HostSpec(string InstanceType, MachineImage Image);

/// <summary>Where the workload goes in the account, checked before anything is created: the network and each host's type and image.</summary>
/// <param name="VpcId">The VPC of the security groups.</param>
/// <param name="SubnetId">The subnet of the instances; null: the default VPC's default subnet.</param>
/// <param name="Hosts">Each role's instance type and image.</param>
public sealed record AwsTarget(string VpcId, string? SubnetId, IReadOnlyDictionary<HostRole, HostSpec> Hosts);
