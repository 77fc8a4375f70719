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
    public static IReadOnlyList<string> ReservedTagKeys { get; } = ["Name", "Project", "ManagedBy", "Role"];

    public static void Check(WorkloadSettings settings, List<string> problems)
    {
        CheckTags(settings, problems);
        if (ProviderKind.Find(settings.Provider) != ProviderKind.Aws)
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


        if (settings.AwsAvailabilityZone is { } zone && settings.AwsRegion is { } region && !zone.StartsWith(region, StringComparison.Ordinal))
        {
            problems.Add($"awsAvailabilityZone: \"{zone}\" is not a zone of awsRegion {region}");
        }
    }

    /// <summary>True for 0.0.0.0/0 and ::/0 (and any other prefix of length 0).</summary>
    public static bool IsWholeInternet(string cidr) => cidr.EndsWith("/0", StringComparison.Ordinal);

    /// <summary>The network a CIDR names, written canonically ("203.0.113.0/24" for "203.0.113.7/24"), or null when it is not one.</summary>
    public static string? NetworkAddress(string cidr) =>
        IPNetwork.TryParse(cidr, out var network) ? $"{network.BaseAddress}/{network.PrefixLength}" : null;

    private static void CheckTags(WorkloadSettings settings, List<string> problems)
    {
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
            else if (!TagPattern().IsMatch(key) || (value.Length > 0 && !TagPattern().IsMatch(value)))
            {
                problems.Add($"awsTags: the tag {SettingFormats.Shown(key)}={SettingFormats.Shown(value)} holds characters EC2 refuses; expected letters, digits, spaces and _ . : / = + - @");
            }
        }
    }

    // What EC2 allows in tag keys and values (Unicode letters and digits included).
    [GeneratedRegex(@"^[\p{L}\p{Nd} _.:/=+\-@]+\z")]
    private static partial Regex TagPattern();
}
