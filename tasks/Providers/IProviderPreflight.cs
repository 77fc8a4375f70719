namespace Workload.Providers;

/// <summary>A provider with a read-only preflight of its own (credentials, region, names checked against its API).</summary>
public interface IProviderPreflight
{
    /// <summary>Throws, with a message naming the setting, when the provider could not make the hosts; changes nothing.</summary>
    Task PreflightAsync(CancellationToken cancellationToken);
}
