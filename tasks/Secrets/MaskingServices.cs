using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Workload.Secrets;

/// <summary>Wires secret masking into a host: one masker for the run, and a log that applies it to every line.</summary>
public static class MaskingServices
{
    public static IServiceCollection AddSecretMasking(this IServiceCollection services)
    {
        services.AddSingleton<SecretMasker>();
        services.AddSingleton<ICakeLog>(sp => new MaskingLog(
            new CakeBuildLog(sp.GetRequiredService<IConsole>()),
            sp.GetRequiredService<SecretMasker>()));
        return services;
    }
}
