using Workload.Frosting;
using Workload.Hosts;
using Workload.Providers;
using Workload.Resources;

namespace Workload;

[TaskName(nameof(ConfigurePython))]
[TaskDescription("Installs the configured Python version with venv and pip, without touching the system python3.")]
[IsDependentOn(typeof(InstallJenkins))]
public sealed class ConfigurePython : HostTask
{
    protected override HostRole Role => HostRole.Jenkins;

    protected override async Task<IReadOnlyList<Resource>> ResourcesAsync(WorkloadContext context, IHostShell host)
    {
        var settings = context.Settings;
        var python = "python" + settings.PythonVersion;
        var facts = await HostFacts.ReadAsync(host, $"""
            . /etc/os-release; echo "id=$ID"; echo "codename=$VERSION_CODENAME"; echo "pretty=$PRETTY_NAME"
            echo "candidate=$(apt-cache policy {python} 2>/dev/null | awk '/Candidate:/ {"{print $2}"}')"
            if [ -f /etc/apt/sources.list.d/deadsnakes.list ]; then echo ppa=1; fi
            """, context.CancellationToken).ConfigureAwait(false);

        var packages = new AptPackages(python, python + "-venv");
        var candidate = facts.Get("candidate");
        if (facts.IsTrue("ppa") || (candidate is { Length: > 0 } && candidate != "(none)"))
        {
            // The distribution (or the PPA already added) has it; a stale PPA entry is kept as it is.
            return facts.IsTrue("ppa") ? [.. Deadsnakes(settings, facts.Get("codename")!), packages] : [packages];
        }

        if (facts.Get("id") == "ubuntu")
        {
            var ppa = Deadsnakes(settings, facts.Get("codename")!);
            return [.. ppa, new AptPackages([python, python + "-venv"], refreshAfter: ppa)];
        }

        throw new InvalidOperationException(
            $"Python {settings.PythonVersion} is not available on the jenkins host ({facts.Get("pretty")}): its archive has no {python}, " +
            "and the deadsnakes PPA serves Ubuntu only. Set pythonVersion to a version this distribution ships " +
            "(the app's pinned requirements install on 3.9 to 3.11).");
    }

    protected override async Task VerifyAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var python = "python" + context.Settings.PythonVersion;
        var check = $"set -e; d=$(mktemp -d); trap 'rm -rf \"$d\"' EXIT; {python} -m venv \"$d/venv\"; \"$d/venv/bin/python\" -m pip --version";
        (await host.RunAsync(check, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(host.Name, $"Creating a venv with {python} and running its pip");
    }

    private static IReadOnlyList<Resource> Deadsnakes(Configuration.WorkloadSettings settings, string codename) =>
        AptRepository.Create("deadsnakes", settings.DeadsnakesKeyUrl, settings.DeadsnakesKeyFingerprint, settings.DeadsnakesRepositoryUrl, $"{codename} main");
}
