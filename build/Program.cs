using Workload.Context;
using Workload;
using Workload.Configuration;
using Workload.Frosting;
using Workload.Secrets;

return new CakeHost()
    .AddAssembly(typeof(WorkloadContext).Assembly)
    .UseContext<WorkloadContext>()
    .UseLifetime<WorkloadLifetime>()
    .UseTaskLifetime<Workload.Observability.GitHubActionsLog>()
    .UseDefaultTarget(nameof(Deploy))
    .UseDescription("Stands up and keeps the microblog deployment: a Jenkins host (Flask app, Nginx, Gunicorn, node exporter) and a monitoring host (Prometheus, Grafana), checked, planned with diffs and validated before anything goes live.")
    .ConfigureServices(services => services.AddSecretMasking())
    .AddHelpOption("--config <PATH>", "Reads settings from PATH instead of ./workload.json (also WORKLOAD_CONFIG)")
    .AddHelpOption("--plan", "Checks every host and prints what would change, with diffs, changing nothing (exit 2: changes pending)")
    .AddHelpOption("--KEY=VALUE", "Sets a setting (see SETTINGS below; ./build.sh --help KEY)")
    .UseHelpTopic(SettingsHelp.Topic)
    .AddHelpSection(SettingsHelp.Render)
    .Run(args);
