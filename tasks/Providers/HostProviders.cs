using Workload.Providers.Local;

namespace Workload.Providers;

/// <summary>Picks the provider the settings name.</summary>
public static class HostProviders
{
    public static IHostProvider Create(WorkloadContext context) => context.Settings.Provider switch
    {
        "existing" => new ExistingHostProvider(context.Settings),
        "aws" => Aws.AwsHostProvider.Create(context),
        "local" when OperatingSystem.IsLinux() => new LocalHostProvider(context.Settings, context.Log),
        "local" => throw new PlatformNotSupportedException("The local provider boots systemd hosts with systemd-nspawn and runs on Linux only (provider setting)."),
        var name => throw new NotSupportedException($"Unknown provider '{name}' (provider setting)."),
    };
}
