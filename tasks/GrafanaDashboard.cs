using Workload.Frosting;

namespace Workload;

[TaskName(nameof(GrafanaDashboard))]
[TaskDescription("Provisions the Prometheus data source and the Node Exporter Full dashboard in Grafana.")]
[IsDependentOn(typeof(Monitoring))]
public sealed class GrafanaDashboard : NotImplementedTask
{
    protected override int Issue => 5;
}
