using Amazon.EC2.Model;

namespace Workload.Providers.Aws;

/// <summary>
/// Everything in the region tagged as this project's and this tool's, which Destroy deletes, and the resources
/// that carry the workload's names without its tags, which it leaves alone and names.
/// </summary>
public sealed record AwsInventory(
    IReadOnlyList<Instance> Instances,
    IReadOnlyList<SecurityGroup> SecurityGroups,
    IReadOnlyList<KeyPairInfo> KeyPairs,
    IReadOnlyList<string> LeftAlone)
{
    public bool IsEmpty => Instances.Count == 0 && SecurityGroups.Count == 0 && KeyPairs.Count == 0;

    /// <summary>What Destroy deletes, a line each, in the order it deletes them.</summary>
    public IEnumerable<string> Deletions() =>
        Instances.Select(i => $"terminate instance {i.InstanceId} ({AwsNames.TagValue(i.Tags, AwsNames.NameTag)}, {i.State?.Name})")
            .Concat(SecurityGroups.Select(g => $"delete security group {g.GroupId} ({g.GroupName})"))
            .Concat(KeyPairs.Select(k => $"delete key pair {k.KeyName} ({k.KeyPairId})"));
}
