using Workload;
using Workload.Configuration;
using Workload.Frosting;

return new CakeHost()
    .AddAssembly(typeof(WorkloadContext).Assembly)
    .UseContext<WorkloadContext>()
    .UseLifetime<WorkloadLifetime>()
    .UseDefaultTarget("Deploy")
    .AddHelpSection(SettingsHelp.Render)
    .Run(args);
