using Workload.Configuration;
using Workload.Providers;
using Workload.Providers.Aws;
using Workload.Providers.Local;

namespace Workload.Context;

/// <summary>Makes the provider the configuration names: the one place a <see cref="ProviderKind"/> becomes a provider.</summary>
public static class HostProviders
{
    public static IHostProvider Create(WorkloadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var kind = ProviderKind.Of(context.Settings);
        if (kind == ProviderKind.Aws)
        {
            return AwsHostProvider.Create(context.Settings, context.StateStore, context.Log, context.Environment);
        }

        if (kind == ProviderKind.Local)
        {
            return OperatingSystem.IsLinux()
                ? new LocalHostProvider(context.Settings, context.Log)
                : throw new PlatformNotSupportedException("The local provider boots systemd hosts with systemd-nspawn and runs on Linux only (provider setting).");
        }

        return new ExistingHostProvider(context.Settings);
    }
}
