using Workload.Configuration;

namespace Workload.Hosts;

/// <summary>
/// Where each host is, as the connections ask it. The transport only asks; the inventory of the providers' layer
/// (<c>Providers.HostInventory</c>: the state file first, then the configuration) answers.
/// </summary>
public interface IHostInventory
{
    /// <summary>How to reach the host of <paramref name="role"/> over SSH; a clear error when nothing says where it is.</summary>
    HostEndpoint EndpointFor(HostRole role);

    /// <summary>Whether anything says where the host of <paramref name="role"/> is.</summary>
    bool IsKnown(HostRole role);
}
