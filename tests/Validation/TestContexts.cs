using Workload.Context;
using Workload.Frosting;
using Cake.Common.Modules;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.Tooling;
using Microsoft.Extensions.DependencyInjection;
using Workload.Secrets;

namespace Workload.Tests.Validation;

/// <summary>A workload context as the host builds it, with the arguments, variables and log a test chooses.</summary>
internal sealed class TestContext : IDisposable
{
    private readonly ServiceProvider _provider;

    private TestContext(ServiceProvider provider, WorkloadContext context, RecordingLog log)
    {
        _provider = provider;
        Context = context;
        Log = log;
    }

    public WorkloadContext Context { get; }

    /// <summary>What reached the log, after masking.</summary>
    public RecordingLog Log { get; }

    /// <summary>
    /// A context whose working directory is <paramref name="workingDirectory"/>, with <paramref name="arguments"/>
    /// as <c>--key=value</c> arguments and <paramref name="variables"/> over the process's environment.
    /// </summary>
    public static TestContext Create(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? arguments = null,
        IReadOnlyDictionary<string, string>? variables = null)
    {
        var log = new RecordingLog();
        var masker = new SecretMasker();
        var services = CakeHost.AddCakeContextServices(new ServiceCollection());
        services.AddSingleton<ICakeArguments>(new CakeArguments(
            (arguments ?? new Dictionary<string, string>()).ToLookup(a => a.Key, a => a.Value, StringComparer.OrdinalIgnoreCase)));
        services.AddSingleton<ICakeEnvironment>(new TestEnvironment(
            new CakeEnvironment(new CakePlatform(), new CakeRuntime()),
            workingDirectory,
            variables ?? new Dictionary<string, string>()));
        services.AddSingleton<ICakeLog>(new MaskingLog(log, masker));
        var provider = services.BuildServiceProvider();
        var context = new WorkloadContext(provider.GetRequiredService<ICakeContext>(), masker, RunMode.Normal);
        return new TestContext(provider, context, log);
    }

    public void Dispose() => _provider.Dispose();
}
