using Workload.Hosts;

namespace Workload.Resources;

/// <summary>A system user with its own group, no login shell and no password: a service's identity.</summary>
public sealed class SystemUser(string name, string home, string shell = "/usr/sbin/nologin") : Resource
{
    public string Name { get; } = name;

    public override string Description => $"system user {Name}";

    public override string Probe() =>
        $"if getent passwd {Shell.Quote(Name)} >/dev/null; then echo user=1; fi; if getent group {Shell.Quote(Name)} >/dev/null; then echo group=1; fi";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        if (facts.IsTrue("user"))
        {
            return [];
        }

        return [new Change($"create {Description} (home {home}, shell {shell})", null, ApplyAsync) { Action = "create" }];
    }

    private async Task ApplyAsync(IHostShell host, CancellationToken cancellationToken)
    {
        var name = Shell.Quote(Name);
        var script = $"getent group {name} >/dev/null || groupadd --system {name}\n" +
            $"getent passwd {name} >/dev/null || useradd --system --gid {name} --home-dir {Shell.Quote(home)} --no-create-home --shell {Shell.Quote(shell)} {name}";
        (await host.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(host.Name, $"Creating {Description}");
    }
}
