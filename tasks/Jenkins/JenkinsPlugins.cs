using System.Text;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Jenkins;

/// <summary>
/// Jenkins plugins, installed with Jenkins' plugin installation manager tool (which resolves their dependencies),
/// its jar downloaded on the host and accepted only with the pinned SHA-256. In sync when every plugin asked for is
/// in Jenkins' plugins directory; a change restarts Jenkins, which reads plugins only when it starts.
/// </summary>
public sealed class JenkinsPlugins(IReadOnlyList<string> plugins, string managerUrl, string managerSha256, string? updateCenter) : NotifyingResource
{
    public const string PluginDirectory = "/var/lib/jenkins/plugins";
    private const string Jar = "/var/lib/microblog-workload/jenkins-plugin-manager.jar";

    public override string Description => $"Jenkins plugins {string.Join(", ", plugins)}";

    private IEnumerable<string> Names => plugins.Select(p => p.Split(':')[0]);

    public override string Probe() =>
        $"for f in {PluginDirectory}/*.jpi {PluginDirectory}/*.hpi; do if [ -f \"$f\" ]; then b=${{f##*/}}; echo \"plugin=${{b%.*}}\"; fi; done";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var installed = facts.GetAll("plugin").ToHashSet(StringComparer.Ordinal);
        var missing = plugins.Where(p => !installed.Contains(p.Split(':')[0])).ToList();
        return missing.Count == 0
            ? []
            : [new Change($"install Jenkins plugin{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} with the plugin installation manager (then restart Jenkins)", null, (shell, token) => ApplyAsync(shell, missing, token))];
    }

    private async Task ApplyAsync(IHostShell shell, IReadOnlyList<string> missing, CancellationToken cancellationToken)
    {
        var center = updateCenter is null ? string.Empty : " --jenkins-update-center " + Shell.Quote(updateCenter);
        var script = new StringBuilder($$"""
            set -e
            jar={{Shell.Quote(Jar)}}
            if [ "$(sha256sum < "$jar" 2>/dev/null | cut -d' ' -f1)" != {{Shell.Quote(managerSha256.ToLowerInvariant())}} ]; then
              mkdir -p "$(dirname "$jar")"
              curl -fsSL --retry 3 -o "$jar.tmp" {{Shell.Quote(managerUrl)}}
              actual=$(sha256sum < "$jar.tmp" | cut -d' ' -f1)
              if [ "$actual" != {{Shell.Quote(managerSha256.ToLowerInvariant())}} ]; then
                rm -f "$jar.tmp"; echo "checksum mismatch for {{managerUrl}}: got $actual, expected {{managerSha256.ToLowerInvariant()}}; not run" >&2; exit 3
              fi
              mv -f "$jar.tmp" "$jar"
            fi
            install -d -o jenkins -g jenkins {{PluginDirectory}}
            {{Markers.Touch(MarkersToTouch)}}runuser -u jenkins -- java -jar "$jar" --war /usr/share/java/jenkins.war --plugin-download-directory {{PluginDirectory}}{{center}} --plugins {{string.Join(' ', missing.Select(Shell.Quote))}}

            """);
        foreach (var name in Names)
        {
            script.Append($"[ -f {PluginDirectory}/{name}.jpi ] || [ -f {PluginDirectory}/{name}.hpi ] || {{ echo 'the plugin manager did not install {name}' >&2; exit 4; }}\n");
        }

        (await shell.RunAsync(script.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
            .EnsureSuccess(shell.Name, $"Installing {Description}");
    }
}
