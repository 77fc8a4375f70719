using Workload.Configuration;
using Workload.Context;
using Workload.Hosts;
using Workload.Providers;

namespace Workload.Observability;

/// <summary>Where Prometheus finds the node exporter: the setting, else the Jenkins host's private address from the state file.</summary>
public static class PrometheusTarget
{
    public static string NodeExporter(WorkloadContext context)
    {
        var settings = context.Settings;
        if (settings.NodeExporterTarget is { } configured)
        {
            return configured;
        }

        var port = ListenAddress.Port(settings.NodeExporterListenAddress);
        if (new HostInventory(settings, context.StateStore).PrivateAddress(HostRole.Jenkins) is { } address)
        {
            return $"{address}:{port}";
        }

        throw new InvalidOperationException(
            $"Prometheus needs the Jenkins host's private address, and the state file {context.StateStore.Path} has no jenkins host: " +
            "run --target=ProvisionJenkins first, or set nodeExporterTarget (host:port).");
    }
}
