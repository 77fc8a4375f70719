using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Workload.Common;
using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>A role's security group as found, with its ingress rules; <see cref="Group"/> is null when it does not exist.</summary>
public sealed record GroupFinding(HostRole Role, string Name, SecurityGroup? Group, IReadOnlyList<SecurityGroupRule> IngressRules);

/// <summary>
/// The two security groups of the workload, one per role, made to hold exactly the rules of
/// <see cref="SecurityGroupPolicy"/>: missing rules are added, any other ingress rule is revoked.
/// Both groups are made together because the Jenkins group's node-exporter rule names the monitoring group.
/// EC2 compares group names without regard to case, so a group is found by its name in any case.
/// </summary>
public sealed class SecurityGroups(AwsClients clients, WorkloadSettings settings, string vpcId, FreshIds freshIds)
{
    /// <summary>The monitoring group first: the Jenkins group refers to it.</summary>
    private static readonly HostRole[] CreationOrder = [HostRole.Monitoring, HostRole.Jenkins];

    /// <summary>Finds both groups by name in the VPC; refuses a group of that name (in any case) that is not the tool's.</summary>
    public async Task<IReadOnlyDictionary<HostRole, GroupFinding>> FindAsync(CancellationToken cancellationToken)
    {
        var inVpc = await GroupsInVpcAsync(cancellationToken).ConfigureAwait(false);
        var findings = new Dictionary<HostRole, GroupFinding>();
        foreach (var role in CreationOrder)
        {
            var name = AwsNames.ResourceName(settings.Project, role);
            var group = inVpc.FirstOrDefault(g => string.Equals(g.GroupName, name, StringComparison.OrdinalIgnoreCase));
            if (group is not null && !AwsNames.IsOurs(group.Tags, settings.Project))
            {
                var sameName = group.GroupName == name ? string.Empty : $" (EC2 compares group names without regard to case, so it holds the name {name})";
                throw new AwsProvisioningException(
                    $"The security group {group.GroupName} ({group.GroupId}) in {vpcId}{sameName} is not tagged {AwsNames.ProjectTag}={settings.Project}, " +
                    $"{AwsNames.ManagedByTag}={AwsNames.ManagedByValue}; the tool neither uses nor changes it. Delete or rename it, or set another project.");
            }

            var rules = group is null ? [] : await IngressRulesAsync(group.GroupId, cancellationToken).ConfigureAwait(false);
            findings[role] = new GroupFinding(role, name, group, rules);
        }

        return findings;
    }

    /// <summary>What <see cref="EnsureAsync"/> would do, in words; empty when both groups match the policy.</summary>
    public IEnumerable<string> Changes(IReadOnlyDictionary<HostRole, GroupFinding> findings)
    {
        var ids = findings.Where(f => f.Value.Group is not null).ToDictionary(f => f.Key, f => f.Value.Group!.GroupId);
        foreach (var role in CreationOrder)
        {
            var finding = findings[role];
            if (finding.Group is null)
            {
                yield return $"create security group {finding.Name} in {vpcId}";
            }

            var (missing, extra) = Compare(role, finding.IngressRules, ids);
            foreach (var rule in missing)
            {
                yield return $"add to {finding.Name} the ingress rule {rule.Text(settings.Project)}";
            }

            foreach (var rule in extra)
            {
                yield return $"revoke from {finding.Name} the ingress rule {rule.SecurityGroupRuleId} ({Describe(rule)}), which the policy does not allow";
            }
        }
    }

    /// <summary>Creates what is missing and corrects the rules; returns each role's group id.</summary>
    public async Task<IReadOnlyDictionary<HostRole, string>> EnsureAsync(CancellationToken cancellationToken)
    {
        var findings = await FindAsync(cancellationToken).ConfigureAwait(false);
        var ids = new Dictionary<HostRole, string>();
        foreach (var role in CreationOrder)
        {
            ids[role] = findings[role].Group?.GroupId ?? await CreateAsync(role, cancellationToken).ConfigureAwait(false);
        }

        foreach (var role in CreationOrder)
        {
            var (missing, extra) = Compare(role, findings[role].IngressRules, ids);
            foreach (var rule in missing)
            {
                await AuthorizeAsync(ids[role], rule, ids, cancellationToken).ConfigureAwait(false);
            }

            if (extra.Count > 0)
            {
                await freshIds.CallAsync(
                    token => clients.Ec2.RevokeSecurityGroupIngressAsync(
                        new RevokeSecurityGroupIngressRequest { GroupId = ids[role], SecurityGroupRuleIds = extra.Select(r => r.SecurityGroupRuleId).ToList() },
                        token),
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return ids;
    }

    /// <summary>A rule as a user reads it, such as "tcp/22 from 203.0.113.7/32".</summary>
    public static string Describe(SecurityGroupRule rule)
    {
        var ports = rule.FromPort == rule.ToPort ? $"{rule.FromPort}" : $"{rule.FromPort}-{rule.ToPort}";
        var source = rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.ReferencedGroupInfo?.GroupId ?? rule.PrefixListId ?? "?";
        return $"{rule.IpProtocol}/{ports} from {source}";
    }

    private (IReadOnlyList<IngressRule> Missing, IReadOnlyList<SecurityGroupRule> Extra) Compare(
        HostRole role, IReadOnlyList<SecurityGroupRule> existing, IReadOnlyDictionary<HostRole, string> ids)
    {
        var wanted = SecurityGroupPolicy.For(role, settings);
        var missing = wanted.Where(w => !existing.Any(e => Matches(e, w, ids))).ToList();
        var extra = existing.Where(e => !wanted.Any(w => Matches(e, w, ids))).ToList();
        return (missing, extra);
    }

    private static bool Matches(SecurityGroupRule existing, IngressRule wanted, IReadOnlyDictionary<HostRole, string> ids) =>
        existing.IpProtocol == "tcp" && existing.FromPort == wanted.Port && existing.ToPort == wanted.Port
        && (wanted.Cidr is { } cidr
            ? existing.CidrIpv4 == cidr || existing.CidrIpv6 == cidr
            : ids.TryGetValue(wanted.SourceRole!.Value, out var source) && existing.ReferencedGroupInfo?.GroupId == source);

    private async Task<IReadOnlyList<SecurityGroupRule>> IngressRulesAsync(string groupId, CancellationToken cancellationToken)
    {
        var rules = new List<SecurityGroupRule>();
        string? next = null;
        do
        {
            var response = await clients.Ec2.DescribeSecurityGroupRulesAsync(
                new DescribeSecurityGroupRulesRequest { Filters = [new Filter("group-id", [groupId])], NextToken = next },
                cancellationToken).ConfigureAwait(false);
            rules.AddRange((response.SecurityGroupRules ?? []).Where(r => r.IsEgress != true));
            next = response.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return rules;
    }

    /// <summary>Every security group of the VPC, across pages.</summary>
    private async Task<List<SecurityGroup>> GroupsInVpcAsync(CancellationToken cancellationToken)
    {
        var groups = new List<SecurityGroup>();
        string? next = null;
        do
        {
            var response = await clients.Ec2.DescribeSecurityGroupsAsync(
                new DescribeSecurityGroupsRequest { Filters = [new Filter("vpc-id", [vpcId])], NextToken = next },
                cancellationToken).ConfigureAwait(false);
            groups.AddRange(response.SecurityGroups ?? []);
            next = response.NextToken;
        }
        while (!string.IsNullOrEmpty(next));
        return groups;
    }

    private async Task<string> CreateAsync(HostRole role, CancellationToken cancellationToken)
    {
        var name = AwsNames.ResourceName(settings.Project, role);
        try
        {
            var response = await clients.Ec2.CreateSecurityGroupAsync(
                new CreateSecurityGroupRequest
                {
                    GroupName = name,
                    Description = $"{settings.Project} {AwsNames.RoleKey(role)} host ({AwsNames.ManagedByValue})",
                    VpcId = vpcId,
                    TagSpecifications = AwsNames.TagSpecification(ResourceType.SecurityGroup, AwsNames.TagsFor(settings.Project, name, role, settings.AwsTags)),
                },
                cancellationToken).ConfigureAwait(false);
            return response.GroupId;
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode == "InvalidGroup.Duplicate")
        {
            // Made by a run that overlapped this one, or a group of the same name in another case: FindAsync checks it
            // is ours. A group made moments ago may not be listed yet.
            return await new Waiter(freshIds.Clock, new Cake.Core.Diagnostics.NullLog()).UntilAsync(
                $"security group {name}",
                freshIds.Clock.UtcNow + FreshIds.Patience,
                TimeSpan.FromSeconds(5),
                async token => (await FindAsync(token).ConfigureAwait(false))[role].Group is { } group
                    ? WaitStep.Ready(group.GroupId)
                    : WaitStep.Pending<string>("not listed yet"),
                _ => new AwsProvisioningException($"EC2 says the security group {name} exists in {vpcId}, but does not list it (waited {FreshIds.Patience.TotalMinutes:0} minutes).", exception),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AuthorizeAsync(string groupId, IngressRule rule, Dictionary<HostRole, string> ids, CancellationToken cancellationToken)
    {
        var permission = new IpPermission { IpProtocol = "tcp", FromPort = rule.Port, ToPort = rule.Port };
        if (rule.Cidr is null)
        {
            permission.UserIdGroupPairs = [new UserIdGroupPair { GroupId = ids[rule.SourceRole!.Value], Description = rule.Description }];
        }
        else if (rule.Cidr.Contains(':', StringComparison.Ordinal))
        {
            permission.Ipv6Ranges = [new Ipv6Range { CidrIpv6 = rule.Cidr, Description = rule.Description }];
        }
        else
        {
            permission.Ipv4Ranges = [new IpRange { CidrIp = rule.Cidr, Description = rule.Description }];
        }

        try
        {
            // The group, or the group the rule refers to, may have been made moments ago.
            await freshIds.CallAsync(
                token => clients.Ec2.AuthorizeSecurityGroupIngressAsync(
                    new AuthorizeSecurityGroupIngressRequest { GroupId = groupId, IpPermissions = [permission] }, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonServiceException exception) when (exception.ErrorCode == "InvalidPermission.Duplicate")
        {
            // Already there (an overlapping run): the wanted state holds.
        }
    }
}
