using Workload.Context;
using Workload.Frosting;
using Workload.Secrets;

namespace Workload.Tests.Validation;

/// <summary>Runs the tool as ./build.sh does (the same Cake host, context and lifetime as build/Program.cs), in-process.</summary>
internal static class CommandLineRun
{
    /// <summary>
    /// The exit code of <c>./build.sh ARGS --working=WORKING</c>. Cake makes the working directory the process's
    /// current one; it is put back afterwards, before the test deletes its directory.
    /// </summary>
    public static int Run(string working, params string[] arguments)
    {
        var previous = Directory.GetCurrentDirectory();
        try
        {
            return Host().Run([.. arguments, $"--working={working}"]);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
        }
    }

    private static CakeHost Host() =>
        new CakeHost()
            .AddAssembly(typeof(WorkloadContext).Assembly)
            .UseContext<WorkloadContext>()
            .UseLifetime<WorkloadLifetime>()
            .UseDefaultTarget(nameof(Deploy))
            .ConfigureServices(services => services.AddSecretMasking())
            .AddHelpSection(SettingsHelp.Render);
}
