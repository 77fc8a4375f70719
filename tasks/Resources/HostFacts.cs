using Workload.Hosts;

namespace Workload.Resources;

/// <summary>Reads facts of a host (key=value lines printed by a script that changes nothing) in one round trip.</summary>
public static class HostFacts
{
    public static async Task<ResourceFacts> ReadAsync(IHostShell host, string script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        var result = await host.ReadAsync(script, cancellationToken).ConfigureAwait(false);
        return new ResourceFacts(result.Output.Split('\n'));
    }
}
