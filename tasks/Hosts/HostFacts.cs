using Workload.Resources;

namespace Workload.Hosts;

/// <summary>Reads facts of a host (key=value lines printed by a script that changes nothing) in one round trip.</summary>
public static class HostFacts
{
    public static async Task<ResourceFacts> ReadAsync(IHostShell host, string script, CancellationToken cancellationToken)
    {
        var result = await host.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new ResourceFacts(result.Output.Split('\n'));
    }
}
