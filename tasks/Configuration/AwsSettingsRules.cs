using System.Net;
using System.Text.RegularExpressions;

namespace Workload.Configuration;

/// <summary>
/// The rules of the aws provider's settings, checked with the others before any task runs, so that a bad value
/// never reaches AWS: least privilege for adminCidr, and names EC2 would refuse half-way through a run.
/// </summary>
public static partial class AwsSettingsRules
{
    /// <summary>Tag keys the tool sets itself; a user tag may not replace them, or Destroy would lose track of resources.</summary>
    public static IReadOnlyList<string> ReservedTagKeys { get; } = ["Name", "Project", "ManagedBy", "Role", "LoginUser"];

    public static void Check(WorkloadSettings settings, List<string> problems)
    {
        CheckFormats(settings, problems);
        if (settings.Provider != "aws")
        {
            return;
        }

        if (settings.AdminCidr is null)
        {
            problems.Add("adminCidr: required when provider=aws: the network allowed to reach SSH, Jenkins, Prometheus and Grafana, " +
                "such as your own address as 203.0.113.7/32 (port 80 is open to everyone regardless)");
        }
        else if (NetworkAddress(settings.AdminCidr) is { } network && network != settings.AdminCidr)
        {
            problems.Add($"adminCidr: \"{settings.AdminCidr}\" has bits set beyond its prefix, which EC2 refuses; expected the network in CIDR notation, " +
                $"such as {network}, or {settings.AdminCidr.Split('/')[0]}/{(settings.AdminCidr.Contains(':', StringComparison.Ordinal) ? 128 : 32)} for that one address");
        }
        else if (IsWholeInternet(settings.AdminCidr) && !settings.AllowWorldAdmin)
        {
            problems.Add($"adminCidr: \"{settings.AdminCidr}\" opens SSH, Jenkins, Prometheus and Grafana to the whole internet; " +
                "give your own network (such as 203.0.113.7/32), or set allowWorldAdmin=true if that is really meant");
        }

        if (!ProjectPattern().IsMatch(settings.Project))
        {
            problems.Add($"project: \"{settings.Project}\" names AWS resources with provider=aws; expected 1 to 40 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        else if (settings.Project.StartsWith("sg-", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"project: \"{settings.Project}\" would name the security groups {settings.Project}-jenkins and {settings.Project}-monitoring, and EC2 refuses group names that start with sg-; choose another project name");
        }
    }

    /// <summary>True for 0.0.0.0/0 and ::/0 (and any other prefix of length 0).</summary>
    public static bool IsWholeInternet(string cidr) => cidr.EndsWith("/0", StringComparison.Ordinal);

    /// <summary>The network a CIDR names, written canonically ("203.0.113.0/24" for "203.0.113.7/24"), or null when it is not one.</summary>
    public static string? NetworkAddress(string cidr) =>
        IPNetwork.TryParse(cidr, out var network) ? $"{network.BaseAddress}/{network.PrefixLength}" : null;

    private static void CheckFormats(WorkloadSettings settings, List<string> problems)
    {
        foreach (var (key, value) in new[] { ("jenkinsInstanceType", settings.JenkinsInstanceType), ("monitoringInstanceType", settings.MonitoringInstanceType) })
        {
            if (!InstanceTypePattern().IsMatch(value))
            {
                problems.Add($"{key}: \"{value}\" is not an EC2 instance type; expected a name such as t3.small");
            }
        }

        Expect(problems, "awsRegion", settings.AwsRegion, RegionPattern(), "an AWS region such as us-east-1");
        Expect(problems, "amiId", settings.AmiId, AmiPattern(), "an AMI id such as ami-0123456789abcdef0");
        Expect(problems, "awsSubnetId", settings.AwsSubnetId, SubnetPattern(), "a subnet id such as subnet-0123456789abcdef0");
        Expect(problems, "awsAvailabilityZone", settings.AwsAvailabilityZone, ZonePattern(), "an availability zone such as us-east-1a");
        if (settings.AwsAvailabilityZone is { } zone && settings.AwsRegion is { } region && ZonePattern().IsMatch(zone) && !zone.StartsWith(region, StringComparison.Ordinal))
        {
            problems.Add($"awsAvailabilityZone: \"{zone}\" is not a zone of awsRegion {region}");
        }
        if (settings.AwsProfile is { Length: 0 })
        {
            problems.Add("awsProfile: is empty; expected a profile name, or leave it unset");
        }

        foreach (var (key, value) in settings.AwsTags)
        {
            if (ReservedTagKeys.Contains(key, StringComparer.OrdinalIgnoreCase) || key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"awsTags: the tag \"{key}\" is set by the tool itself (reserved: {string.Join(", ", ReservedTagKeys)} and aws:*); remove it");
            }
            else if (key.Length is 0 or > 128 || value.Length > 256)
            {
                problems.Add($"awsTags: the tag \"{key}\" is too long or empty; EC2 allows keys of 1 to 128 characters and values of up to 256");
            }
        }
    }

    private static void Expect(List<string> problems, string key, string? value, Regex pattern, string expected)
    {
        if (value is not null && !pattern.IsMatch(value))
        {
            problems.Add($"{key}: \"{value}\" is not {expected}");
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*\\.[a-z0-9-]+$")]
    private static partial Regex InstanceTypePattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex AmiPattern();

    [GeneratedRegex("^subnet-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]$")]
    private static partial Regex ZonePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
    private static partial Regex ProjectPattern();
}
