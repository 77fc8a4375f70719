namespace Workload.Validation;

/// <summary>
/// The templates Validate checks and how, rendered with the same models the host tasks use, from default settings.
/// </summary>
public static class TemplateCheckCatalog
{
    /// <summary>The default settings: the samples are what a deployment with defaults writes.</summary>
    private static readonly Configuration.WorkloadSettings Defaults = new();

    /// <summary>The nginx site, the sudoers drop-in and prometheus.yml.</summary>
    public static IReadOnlyList<TemplateCheck> Default { get; } =
    [
        new(
            "nginx/microblog.conf",
            "nginx",
            "nginx (apt-get install nginx)",
            Nginx.SiteModel(Defaults),

            // A site file is a server block; nginx -t needs a whole configuration around it.
            dir => ["nginx", "-t", "-c", $"{dir}/nginx-check.conf"],
            dir => new Dictionary<string, string>
            {
                ["nginx-check.conf"] =
                    $"pid {dir}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n    access_log off;\n    include {dir}/microblog.conf;\n}}\n",
            }),
        new(
            "sudoers/microblog-jenkins",
            "visudo",
            "sudo (apt-get install sudo), which provides visudo",
            Sudoers.DropInModel(Defaults, "/usr/bin/systemctl", "/usr/bin/journalctl"),
            dir => ["visudo", "-c", "-f", $"{dir}/microblog-jenkins"]),
        new(
            "prometheus/prometheus.yml",
            "promtool",
            "promtool (apt-get install prometheus, or the Prometheus release tarball)",
            Workload.Monitoring.PrometheusModel(Defaults, "10.0.1.10:9100"),
            dir => ["promtool", "check", "config", $"{dir}/prometheus.yml"]),
    ];
}
