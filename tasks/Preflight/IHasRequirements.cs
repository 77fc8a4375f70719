using Workload.Context;

namespace Workload.Preflight;

/// <summary>A task that needs settings beyond the defaults (a secret, an address) says so before the run starts.</summary>
public interface IHasRequirements
{
    /// <summary>One message per unmet requirement, each naming the setting first ("key: ..."); empty when all is there.</summary>
    IEnumerable<string> UnmetRequirements(WorkloadContext context);
}
