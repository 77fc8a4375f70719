using Workload.Frosting;

namespace Workload;

[TaskName(nameof(Monitoring))]
[TaskDescription("Installs Prometheus (scraping the Jenkins host's node exporter) and Grafana on the monitoring host.")]
[IsDependentOn(typeof(ProvisionMonitoring))]
public sealed class Monitoring : NotImplementedTask
{
    protected override int Issue => 5;
}
