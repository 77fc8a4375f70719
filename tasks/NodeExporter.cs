using Workload.Configuration;
using Workload.Context;
using Workload.Downloads;
using Workload.Frosting;
using Workload.Hosts;
using Workload.Resources;
using Workload.TaskBases;

namespace Workload;

[TaskName(nameof(NodeExporter))]
[TaskDescription("Installs the Prometheus node exporter from its checksum-verified release as a hardened service.")]
[IsDependentOn(typeof(Sudoers))]
public sealed class NodeExporter : HostTask, IDeclaresDownloads
{
    public const string Binary = "/usr/local/bin/node_exporter";

    protected override HostRole Role => HostRole.Jenkins;

    protected override IReadOnlyList<Resource> Resources(WorkloadContext context)
    {
        var settings = context.Settings;
        var download = new PrometheusRelease(settings.NodeExporterBaseUrl, "node_exporter", settings.NodeExporterVersion, settings.Architecture)
            .Install(settings.NodeExporterSha256, ("node_exporter", Binary, new FileOwnership("root", "root", "0755")));
        var unit = new ManagedFile(
            "/etc/systemd/system/node_exporter.service",
            context.Templates.Render("systemd/node_exporter.service", new { ListenAddress = settings.NodeExporterListenAddress }),
            validation: SystemdVerify.For("node_exporter.service"));
        return
        [
            new AptPackages("curl", "ca-certificates"),
            new SystemUser("node_exporter", "/nonexistent"),
            download,
            unit,
            new SystemdService("node_exporter", restartWhen: [download, unit]),
        ];
    }

    public IEnumerable<Download> Downloads(WorkloadContext context)
    {
        var settings = context.Settings;
        return Download.Release("nodeExporterBaseUrl", settings.NodeExporterBaseUrl, "node_exporter", settings.NodeExporterVersion, settings.Architecture, settings.NodeExporterSha256, HostRole.Jenkins);
    }

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var url = $"http://{ListenAddress.Local(context.Settings.NodeExporterListenAddress)}/metrics";
        await HttpChecks.WaitForStatusAsync(host, context.Log, "node_exporter", url, 200, TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        // The build info, and the systemd and processes collectors dashboard 1860 needs, each having scraped without error.
        var metrics = await host.RunAsync(
            $$"""
            m=$(curl -fsS --max-time 10 {{Shell.Quote(url)}}) || exit 1
            for want in '^node_exporter_build_info' '^node_systemd_unit_state' '^node_processes_pids' \
              '^node_scrape_collector_success{collector="systemd"} 1' '^node_scrape_collector_success{collector="processes"} 1'; do
              printf '%s\n' "$m" | grep -q "$want" || { echo "missing: $want" >&2; exit 1; }
            done
            """,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        metrics.EnsureSuccess(host.Name, $"Checking that {url} serves node_exporter_build_info and the systemd and processes collectors' metrics");
    }
}
