using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>The keys under which the aws provider records its resource ids in the state file (ids only, never secrets).</summary>
public static class AwsResourceKeys
{
    public const string Prefix = "aws.";
    public const string Region = Prefix + "region";
    public const string Vpc = Prefix + "vpc";
    public const string KeyPair = Prefix + "keyPair";

    public static string SecurityGroup(HostRole role) => $"{Prefix}securityGroup.{AwsNames.RoleKey(role)}";

    public static IEnumerable<KeyValuePair<string, string>> Entries(string region, string vpcId, string keyName, IReadOnlyDictionary<HostRole, string> groupIds)
    {
        ArgumentNullException.ThrowIfNull(groupIds);
        yield return new(Region, region);
        yield return new(Vpc, vpcId);
        yield return new(KeyPair, keyName);
        foreach (var (role, id) in groupIds)
        {
            yield return new(SecurityGroup(role), id);
        }
    }
}
