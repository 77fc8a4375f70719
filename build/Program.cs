using Workload;
using Workload.Configuration;
using Workload.Frosting;
using Workload.Secrets;

return new CakeHost()
    .AddAssembly(typeof(WorkloadContext).Assembly)
    .UseContext<WorkloadContext>()
    .UseLifetime<WorkloadLifetime>()
    .UseDefaultTarget(nameof(Deploy))
    .ConfigureServices(services => services.AddSecretMasking())
    .AddHelpSection(SettingsHelp.Render)
    .Run(args);
