namespace Workload.Providers;

/// <summary>Picks the provider the settings name.</summary>
public static class HostProviders
{
    public static IHostProvider Create(WorkloadContext context) => context.Settings.Provider switch
    {
        "existing" => new ExistingHostProvider(context.Settings),
        var name => throw new NotSupportedException($"The {name} provider is not available yet (provider setting)."),
    };
}
