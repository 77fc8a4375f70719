using Workload.Hosts;
using Workload.Resources;

namespace Workload.Jenkins;

/// <summary>
/// OWASP Dependency-Check's release zip, downloaded on the Jenkins host, accepted only with its pinned SHA-256, and
/// unpacked into a directory of its own owned by jenkins (the scanner keeps its NVD data there, and the data of an
/// earlier install of the same version is kept). A stamp in the directory records what was installed.
/// </summary>
public sealed class DependencyCheckRelease(string version, string zipUrl, string sha256) : NotifyingResource
{
    /// <summary>Where a version is installed: the DP-Check tool installation's home.</summary>
    public static string HomeOf(string version) => $"{JenkinsApi.Home}/tools/dependency-check/{version}";

    public string Home { get; } = HomeOf(version);

    private string Stamp => Home + "/.microblog-workload-release";

    public override string Description => $"Dependency-Check {version} from {zipUrl}";

    public override string Probe() =>
        $"if [ -f {Shell.Quote(Stamp)} ]; then sed 's/^/stamp_/' {Shell.Quote(Stamp)}; fi\n" +
        $"if [ -x {Shell.Quote(Home + "/bin/dependency-check.sh")} ]; then echo executable=1; fi\n" +
        $"echo owner=$(stat -c %U {Shell.Quote(Home)} 2>/dev/null)";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        if (facts.Get("stamp_url") == zipUrl && string.Equals(facts.Get("stamp_sha256"), sha256, StringComparison.OrdinalIgnoreCase)
            && facts.IsTrue("executable") && facts.Get("owner") == "jenkins")
        {
            return [];
        }

        return [new Change($"download {Description}, check SHA-256 {sha256.ToLowerInvariant()}, unpack into {Home} (owner jenkins)", null, ApplyAsync)];
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var home = Shell.Quote(Home);
        var previous = Shell.Quote(TemporaryCopies.Previous(Home));
        var script = $"""
            set -e
            parent=$(dirname {home})
            install -d -o jenkins -g jenkins {JenkinsApi.Home}/tools "$parent"
            w=$(mktemp -d {Shell.Quote(TemporaryCopies.Unique(Home))}); trap 'rm -rf "$w"' EXIT
            echo "downloading {zipUrl}" >&2
            curl -fsSL --retry 3 -o "$w/release.zip" {Shell.Quote(zipUrl)}
            actual=$(sha256sum < "$w/release.zip" | cut -d' ' -f1)
            if [ "$actual" != {Shell.Quote(sha256.ToLowerInvariant())} ]; then
              echo "checksum mismatch for {zipUrl}: expected {sha256.ToLowerInvariant()}, got $actual; nothing installed" >&2; exit 3
            fi
            unzip -q "$w/release.zip" -d "$w/x"
            if [ ! -x "$w/x/dependency-check/bin/dependency-check.sh" ]; then
              echo "{zipUrl} has no dependency-check/bin/dependency-check.sh: not a Dependency-Check release" >&2; exit 4
            fi
            if [ -d {home}/data ]; then mv {home}/data "$w/x/dependency-check/data"; fi
            {"{"} echo url={Shell.Quote(zipUrl)}; echo sha256=$actual; {"}"} > "$w/x/dependency-check/.microblog-workload-release"
            chown -R jenkins:jenkins "$w/x/dependency-check"
            {Markers.Touch(MarkersToTouch)}rm -rf {previous}; if [ -e {home} ]; then mv {home} {previous}; fi
            mv "$w/x/dependency-check" {home}
            rm -rf {previous}
            """;
        (await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false))
            .EnsureSuccess(shell.Name, $"Installing {Description}");
    }
}
