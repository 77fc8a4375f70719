namespace Workload.Validation;

/// <summary>
/// The templates Validate checks and how. The host tasks own these templates and their models: when a template's
/// variables change, its sample here changes with it (a missing variable fails the check, by design).
/// </summary>
public static class TemplateCheckCatalog
{
    /// <summary>The nginx site, the sudoers drop-in and prometheus.yml.</summary>
    public static IReadOnlyList<TemplateCheck> Default { get; } =
    [
        new(
            "nginx/microblog.conf",
            "nginx",
            "nginx (apt-get install nginx)",
            new { ServerName = "_", ListenPort = 80, UpstreamAddress = "127.0.0.1:5000" },

            // A site file is a server block; nginx -t needs a whole configuration around it.
            dir => ["nginx", "-t", "-c", $"{dir}/nginx-check.conf"],
            dir => new Dictionary<string, string>
            {
                ["nginx-check.conf"] =
                    $"pid {dir}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n    access_log off;\n    include {dir}/microblog.conf;\n}}\n",
            }),
        new(
            "sudoers/jenkins",
            "visudo",
            "sudo (apt-get install sudo), which provides visudo",
            new { User = "jenkins", Service = "gunicorn", Systemctl = "/usr/bin/systemctl", Journalctl = "/usr/bin/journalctl" },
            dir => ["visudo", "-c", "-f", $"{dir}/jenkins"]),
        new(
            "prometheus/prometheus.yml",
            "promtool",
            "promtool (apt-get install prometheus, or the Prometheus release tarball)",
            new { ScrapeInterval = "15s", NodeExporterTarget = "10.0.1.10:9100" },
            dir => ["promtool", "check", "config", $"{dir}/prometheus.yml"]),
    ];
}
