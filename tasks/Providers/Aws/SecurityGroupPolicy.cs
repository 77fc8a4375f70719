using Workload.Configuration;

namespace Workload.Providers.Aws;

/// <summary>
/// One ingress rule: a TCP port and one source, either a network or the security group of another role.
/// </summary>
/// <param name="Port">The TCP port.</param>
/// <param name="Cidr">The source network, or null when <paramref name="SourceRole"/> is the source.</param>
/// <param name="SourceRole">The role whose security group is the source, or null.</param>
/// <param name="Description">Why the port is open, stored on the rule in EC2.</param>
public sealed record IngressRule(int Port, string? Cidr, HostRole? SourceRole, string Description)
{
    public string SourceText(string project) =>
        Cidr ?? $"security group {AwsNames.ResourceName(project, SourceRole!.Value)}";

    public string Text(string project) => $"tcp/{Port} from {SourceText(project)} ({Description})";
}

/// <summary>
/// Least privilege, as the workload needs it: the app's HTTP port open to everyone; SSH and the admin UIs
/// (Jenkins, Prometheus, Grafana) only from adminCidr; the node exporter only from the monitoring host's group.
/// One rule per port and source.
/// </summary>
public static class SecurityGroupPolicy
{
    public const int HttpPort = 80;
    public const int JenkinsPort = 8080;
    public const int NodeExporterPort = 9100;
    public const int PrometheusPort = 9090;
    public const int GrafanaPort = 3000;

    /// <summary>The ingress rules of a role's security group.</summary>
    public static IReadOnlyList<IngressRule> For(HostRole role, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var admin = settings.AdminCidr
            ?? throw new ConfigurationException("adminCidr: required when provider=aws (the network allowed to reach SSH and the admin UIs)");
        var ssh = new IngressRule(settings.SshPort, admin, null, "SSH from the admin network");
        return role switch
        {
            HostRole.Jenkins =>
            [
                new IngressRule(HttpPort, "0.0.0.0/0", null, "HTTP: the app behind nginx, public"),
                ssh,
                new IngressRule(JenkinsPort, admin, null, "Jenkins UI from the admin network"),
                new IngressRule(NodeExporterPort, null, HostRole.Monitoring, "node_exporter, scraped by Prometheus on the monitoring host"),
            ],
            _ =>
            [
                ssh,
                new IngressRule(PrometheusPort, admin, null, "Prometheus UI from the admin network"),
                new IngressRule(GrafanaPort, admin, null, "Grafana from the admin network"),
            ],
        };
    }
}
