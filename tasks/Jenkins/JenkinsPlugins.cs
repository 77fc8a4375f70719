using System.Text;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Jenkins;

/// <summary>
/// Jenkins plugins, by short name (NAME, or NAME:VERSION to pin one), installed with Jenkins' plugin installation
/// manager tool, which resolves their dependencies; its jar is downloaded on the host and accepted only with the
/// pinned SHA-256, or, none pinned, the SHA-256 its release publishes beside it (URL.sha256, as Jenkins' official
/// image checks it). In sync when every plugin asked for is in Jenkins' plugins directory, at its pinned version where
/// one is pinned (read from the plugin file's manifest); a change restarts Jenkins, which reads plugins only when it
/// starts.
/// </summary>
public sealed class JenkinsPlugins(IReadOnlyList<string> plugins, string managerUrl, string? managerSha256, string? updateCenter) : NotifyingResource
{
    public const string PluginDirectory = JenkinsApi.Home + "/plugins";
    private const string Jar = "/var/lib/microblog-workload/jenkins-plugin-manager.jar";

    /// <summary>Plugins asked for by name, with the pins of <paramref name="pinned"/> (NAME:VERSION) applied and added.</summary>
    public static IReadOnlyList<string> Merge(IEnumerable<string> required, IEnumerable<string> pinned)
    {
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var plugin in required.Concat(pinned))
        {
            var name = NameOf(plugin);
            if (!byName.TryGetValue(name, out var known) || plugin.Contains(':', StringComparison.Ordinal) || !known.Contains(':', StringComparison.Ordinal))
            {
                byName[name] = plugin;
            }
        }

        return [.. byName.Values];
    }

    /// <summary>The update center the plugin manager uses when none is given (Jenkins' own).</summary>
    public const string DefaultUpdateCenter = "https://updates.jenkins.io/update-center.json";

    /// <summary>Where a plugin manager release publishes its jar's SHA-256 (the jar's URL with .sha256 added).</summary>
    public static string PublishedDigestUrl(string managerUrl) => managerUrl + ".sha256";

    public override string Description => $"Jenkins plugins {string.Join(", ", plugins)}";

    private static string NameOf(string plugin) => plugin.Split(':')[0];

    // One python3 reads every plugin's version (Debian and Ubuntu hosts have it); without it, names only. Opening
    // every archive costs more than the rest of the check: the listing is remembered while no plugin file changed.
    public override string Probe() => ProbeScripts.Memo($$"""
        python3 - {{PluginDirectory}} <<'EOF' 2>/dev/null || for f in {{PluginDirectory}}/*.jpi {{PluginDirectory}}/*.hpi; do if [ -f "$f" ]; then b=${f##*/}; echo "plugin=${b%.*}"; fi; done
        import os, sys, zipfile
        d = sys.argv[1]
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            stem, ext = os.path.splitext(name)
            if ext not in (".jpi", ".hpi"):
                continue
            try:
                manifest = zipfile.ZipFile(os.path.join(d, name)).read("META-INF/MANIFEST.MF").decode("utf-8", "replace")
            except Exception:
                manifest = ""
            version = next((l.split(":", 1)[1].strip() for l in manifest.splitlines() if l.startswith("Plugin-Version:")), "")
            print("plugin=" + stem + (" " + version if version else ""))
        EOF
        """, PluginDirectory, PluginDirectory + "/*.jpi", PluginDirectory + "/*.hpi");

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var installed = facts.GetAll("plugin")
            .Select(line => line.Split(' ', 2))
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().Length > 1 ? g.Last()[1] : null, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var plugin in plugins)
        {
            var parts = plugin.Split(':', 2);
            if (!installed.TryGetValue(parts[0], out var version))
            {
                missing.Add(plugin);
            }
            else if (parts.Length == 2 && version != parts[1])
            {
                missing.Add($"{plugin} (has {version ?? "an unknown version"})");
            }
        }

        if (missing.Count == 0)
        {
            return [];
        }

        var wanted = plugins.Where(p => missing.Any(m => m == p || m.StartsWith(p + " ", StringComparison.Ordinal))).ToList();
        var center = updateCenter is null ? string.Empty : $" from {updateCenter}";
        return [new Change($"install Jenkins plugin{(missing.Count > 1 ? "s" : string.Empty)} {string.Join(", ", missing)} with the plugin installation manager{center}, dependencies resolved (then restart Jenkins)", null, (shell, token) => ApplyAsync(shell, wanted, token))];
    }

    private async Task ApplyAsync(IHostShell shell, IReadOnlyList<string> wanted, CancellationToken cancellationToken)
    {
        var center = updateCenter is null ? string.Empty : " --jenkins-update-center " + Shell.Quote(updateCenter);
        var expected = managerSha256 is { } pinned
            ? $"expected={Shell.Quote(pinned.ToLowerInvariant())}"
            : $$"""
                expected=$(curl -fsSL --retry 3 {{Shell.Quote(PublishedDigestUrl(managerUrl))}} | cut -d' ' -f1 | tr 'A-F' 'a-f')
                case "$expected" in *[!0-9a-f]*|'') expected=invalid;; esac
                if [ ${#expected} -ne 64 ]; then echo "{{PublishedDigestUrl(managerUrl)}} does not hold a SHA-256; set jenkinsPluginManagerSha256" >&2; exit 3; fi
                """;
        var script = new StringBuilder($$"""
            set -e
            jar={{Shell.Quote(Jar)}}
            tmp={{Shell.Quote(TemporaryCopies.Fixed(Jar))}}
            {{expected}}
            if [ "$(sha256sum < "$jar" 2>/dev/null | cut -d' ' -f1)" != "$expected" ]; then
              mkdir -p "$(dirname "$jar")"
              curl -fsSL --retry 3 -o "$tmp" {{Shell.Quote(managerUrl)}}
              actual=$(sha256sum < "$tmp" | cut -d' ' -f1)
              if [ "$actual" != "$expected" ]; then
                rm -f "$tmp"; echo "checksum mismatch for {{managerUrl}}: got $actual, expected $expected; not run" >&2; exit 3
              fi
              mv -f "$tmp" "$jar"
            fi
            install -d -o jenkins -g jenkins {{PluginDirectory}}
            {{Markers.Touch(MarkersToTouch)}}runuser -u jenkins -- java -jar "$jar" --war /usr/share/java/jenkins.war --plugin-download-directory {{PluginDirectory}}{{center}} --plugins {{string.Join(' ', wanted.Select(Shell.Quote))}}

            """);
        foreach (var name in wanted.Select(NameOf))
        {
            script.Append($"[ -f {PluginDirectory}/{name}.jpi ] || [ -f {PluginDirectory}/{name}.hpi ] || {{ echo 'the plugin manager did not install {name}' >&2; exit 4; }}\n");
        }

        (await shell.RunAsync(script.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false))
            .EnsureSuccess(shell.Name, $"Installing {Description}");
    }
}
