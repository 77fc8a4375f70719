using Amazon.EC2;
using Amazon.EC2.Model;

namespace Workload.Tests.Aws;

/// <summary>The security groups and their rules of <see cref="Ec2Double"/>.</summary>
public sealed partial class Ec2Double
{
    public Dictionary<string, SecurityGroup> GroupRecords { get; } = new(StringComparer.Ordinal);

    public List<SecurityGroupRule> Rules { get; } = [];

    /// <summary>When each group made through the API becomes known to calls by its id and to listings.</summary>
    private Dictionary<string, DateTimeOffset> GroupVisibleAt { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<SecurityGroupRule> IngressRulesOf(string groupId) => Rules.Where(r => r.GroupId == groupId && r.IsEgress != true).ToList();

    public Task<CreateSecurityGroupResponse> CreateSecurityGroupAsync(CreateSecurityGroupRequest request, CancellationToken cancellationToken)
    {
        Enter("CreateSecurityGroup");
        if (request.GroupName.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
        {
            throw Error("InvalidParameterValue", "Group names may not be in the format sg-*");
        }

        var group = AddGroup(request.GroupName, request.VpcId ?? DefaultVpcId, TagsOf(request.TagSpecifications, ResourceType.SecurityGroup), request.Description);
        GroupVisibleAt[group.GroupId] = Now + NewIdLag;
        return Task.FromResult(new CreateSecurityGroupResponse { GroupId = group.GroupId });
    }

    /// <summary>Adds a group as if made elsewhere (no call is recorded); names are unique per VPC without regard to case, as in EC2.</summary>
    public SecurityGroup AddGroup(string name, string vpcId, List<Tag> tags, string description = "made elsewhere")
    {
        if (GroupRecords.Values.Any(g => string.Equals(g.GroupName, name, StringComparison.OrdinalIgnoreCase) && g.VpcId == vpcId))
        {
            throw Error("InvalidGroup.Duplicate", $"The security group '{name}' already exists for VPC '{vpcId}'");
        }

        if (Vpcs.All(v => v.VpcId != vpcId))
        {
            throw Error("InvalidVpcID.NotFound", $"The vpc ID '{vpcId}' does not exist");
        }

        var group = new SecurityGroup { GroupId = NewId("sg"), GroupName = name, VpcId = vpcId, Description = description, Tags = tags };
        GroupRecords[group.GroupId] = group;
        Rules.Add(new SecurityGroupRule { SecurityGroupRuleId = NewId("sgr"), GroupId = group.GroupId, IsEgress = true, IpProtocol = "-1", FromPort = -1, ToPort = -1, CidrIpv4 = "0.0.0.0/0" });
        return group;
    }

    public Task<DescribeSecurityGroupsResponse> DescribeSecurityGroupsAsync(DescribeSecurityGroupsRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeSecurityGroups");
        Filters.Check("DescribeSecurityGroups", request.Filters, "group-name", "group-id", "vpc-id");
        foreach (var id in request.GroupIds ?? [])
        {
            Group(id);
        }

        var groups = GroupRecords.Values
            .Where(g => GroupVisible(g.GroupId))
            .Where(g => request.GroupIds is not { Count: > 0 } || request.GroupIds.Contains(g.GroupId))
            .Where(g => Filters.Match(request.Filters, name => Filters.Tag(name, g.Tags) ?? name switch
            {
                "group-name" => [g.GroupName],
                "group-id" => [g.GroupId],
                "vpc-id" => [g.VpcId],
                _ => Filters.Unsupported("DescribeSecurityGroups", name),
            }))
            .ToList();
        return Task.FromResult(new DescribeSecurityGroupsResponse { SecurityGroups = groups });
    }

    public Task<DescribeSecurityGroupRulesResponse> DescribeSecurityGroupRulesAsync(DescribeSecurityGroupRulesRequest request, CancellationToken cancellationToken)
    {
        Enter("DescribeSecurityGroupRules");
        Filters.Check("DescribeSecurityGroupRules", request.Filters, "group-id");
        var rules = Rules.Where(r => GroupVisible(r.GroupId)).Where(r => Filters.Match(request.Filters, name => name switch
        {
            "group-id" => [r.GroupId],
            _ => Filters.Unsupported("DescribeSecurityGroupRules", name),
        })).ToList();
        return Task.FromResult(new DescribeSecurityGroupRulesResponse { SecurityGroupRules = rules });
    }

    public Task<AuthorizeSecurityGroupIngressResponse> AuthorizeSecurityGroupIngressAsync(AuthorizeSecurityGroupIngressRequest request, CancellationToken cancellationToken)
    {
        Enter("AuthorizeSecurityGroupIngress");
        var group = Group(request.GroupId);
        var added = new List<SecurityGroupRule>();
        foreach (var permission in request.IpPermissions)
        {
            var sources = (permission.Ipv4Ranges ?? []).Select(r => Source(r.CidrIp, null, null, r.Description))
                .Concat((permission.Ipv6Ranges ?? []).Select(r => Source(null, r.CidrIpv6, null, r.Description)))
                .Concat((permission.UserIdGroupPairs ?? []).Select(p => Source(null, null, p.GroupId, p.Description)));
            foreach (var (cidr4, cidr6, source, description) in sources)
            {
                if (source is not null)
                {
                    Group(source);
                }

                var rule = new SecurityGroupRule
                {
                    SecurityGroupRuleId = NewId("sgr"),
                    GroupId = group.GroupId,
                    IsEgress = false,
                    IpProtocol = permission.IpProtocol,
                    FromPort = permission.FromPort,
                    ToPort = permission.ToPort,
                    CidrIpv4 = cidr4,
                    CidrIpv6 = cidr6,
                    ReferencedGroupInfo = source is null ? null : new ReferencedSecurityGroup { GroupId = source },
                    Description = description,
                };
                if (Rules.Concat(added).Any(r => SameRule(r, rule)))
                {
                    throw Error("InvalidPermission.Duplicate", $"the specified rule \"peer: {cidr4 ?? cidr6 ?? source}, {rule.IpProtocol}, from port: {rule.FromPort}\" already exists");
                }

                added.Add(rule);
            }
        }

        Rules.AddRange(added);
        return Task.FromResult(new AuthorizeSecurityGroupIngressResponse { Return = true });
    }

    public Task<RevokeSecurityGroupIngressResponse> RevokeSecurityGroupIngressAsync(RevokeSecurityGroupIngressRequest request, CancellationToken cancellationToken)
    {
        Enter("RevokeSecurityGroupIngress");
        RemoveRules(request.GroupId, request.SecurityGroupRuleIds, egress: false);
        return Task.FromResult(new RevokeSecurityGroupIngressResponse { Return = true });
    }

    public Task<RevokeSecurityGroupEgressResponse> RevokeSecurityGroupEgressAsync(RevokeSecurityGroupEgressRequest request, CancellationToken cancellationToken)
    {
        Enter("RevokeSecurityGroupEgress");
        RemoveRules(request.GroupId, request.SecurityGroupRuleIds, egress: true);
        return Task.FromResult(new RevokeSecurityGroupEgressResponse { Return = true });
    }

    public Task<DeleteSecurityGroupResponse> DeleteSecurityGroupAsync(DeleteSecurityGroupRequest request, CancellationToken cancellationToken)
    {
        Enter("DeleteSecurityGroup");
        var group = Group(request.GroupId);
        if (Rules.Any(r => r.GroupId != group.GroupId && r.ReferencedGroupInfo?.GroupId == group.GroupId))
        {
            throw Error("DependencyViolation", $"resource {group.GroupId} has a dependent object");
        }

        if (InstanceRecords.Values.Any(i => i.State != "terminated" && i.GroupIds.Contains(group.GroupId)))
        {
            throw Error("DependencyViolation", $"resource {group.GroupId} has a dependent object");
        }

        GroupRecords.Remove(group.GroupId);
        Rules.RemoveAll(r => r.GroupId == group.GroupId);
        return Task.FromResult(new DeleteSecurityGroupResponse { Return = true });
    }

    /// <summary>True when calls by the group's id know it (a group made moments ago may not be known yet).</summary>
    private bool GroupVisible(string groupId) =>
        GroupRecords.ContainsKey(groupId) && (!GroupVisibleAt.TryGetValue(groupId, out var at) || Now >= at);

    private SecurityGroup Group(string groupId) =>
        GroupVisible(groupId) ? GroupRecords[groupId] : throw Error("InvalidGroup.NotFound", $"The security group '{groupId}' does not exist");

    private void RemoveRules(string groupId, List<string>? ruleIds, bool egress)
    {
        Group(groupId);
        if (ruleIds is not { Count: > 0 })
        {
            throw new NotSupportedException("Ec2Double revokes rules by SecurityGroupRuleIds only.");
        }

        foreach (var id in ruleIds)
        {
            var rule = Rules.FirstOrDefault(r => r.SecurityGroupRuleId == id && r.GroupId == groupId && (r.IsEgress == true) == egress)
                ?? throw Error("InvalidSecurityGroupRuleId.NotFound", $"The security group rule ID '{id}' does not exist");
            Rules.Remove(rule);
        }
    }

    private static (string? Cidr4, string? Cidr6, string? Group, string? Description) Source(string? cidr4, string? cidr6, string? group, string? description) =>
        (cidr4, cidr6, group, description);

    private static bool SameRule(SecurityGroupRule a, SecurityGroupRule b) =>
        a.GroupId == b.GroupId && a.IsEgress == b.IsEgress && a.IpProtocol == b.IpProtocol && a.FromPort == b.FromPort && a.ToPort == b.ToPort
        && a.CidrIpv4 == b.CidrIpv4 && a.CidrIpv6 == b.CidrIpv6 && a.ReferencedGroupInfo?.GroupId == b.ReferencedGroupInfo?.GroupId;
}
