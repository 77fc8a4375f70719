using Workload.Frosting;

namespace Workload;

[TaskName(nameof(App))]
[TaskDescription("Puts the microblog app on the host with its venv, requirements, translations, database and settings file.")]
[IsDependentOn(typeof(ConfigurePython))]
public sealed class App : NotImplementedTask
{
    protected override int Issue => 4;
}
