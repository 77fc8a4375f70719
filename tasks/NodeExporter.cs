using Workload.Frosting;

namespace Workload;

[TaskName(nameof(NodeExporter))]
[TaskDescription("Installs the Prometheus node exporter from its checksum-verified release as a hardened service.")]
[IsDependentOn(typeof(Sudoers))]
public sealed class NodeExporter : NotImplementedTask
{
    protected override int Issue => 4;
}
