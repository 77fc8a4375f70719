using System.Text;
using Workload.Hosts;

namespace Workload.Resources;

/// <summary>One file taken out of a release archive, and where it goes.</summary>
public sealed record ArchiveMember(string PathInArchive, string Destination, FileOwnership Ownership);

/// <summary>
/// A release tarball downloaded on the host, its SHA-256 checked (against a pinned digest, or the release's
/// sha256sums.txt), unpacked, and its files installed atomically. A stamp on the host records what was installed,
/// so a re-run with the same URL and untouched files costs nothing.
/// </summary>
public sealed class ReleaseDownload(string name, string archiveUrl, string? sha256, string? checksumsUrl, IReadOnlyList<ArchiveMember> members)
    : NotifyingResource
{
    private string Stamp => $"/var/lib/microblog-workload/downloads/{name}.stamp";

    private string FileName => archiveUrl[(archiveUrl.LastIndexOf('/') + 1)..];

    public override string Description => $"{name} from {archiveUrl}";

    public override string Probe()
    {
        var probe = new StringBuilder($"if [ -f {Shell.Quote(Stamp)} ]; then sed 's/^/stamp_/' {Shell.Quote(Stamp)}; fi\n");
        foreach (var member in members)
        {
            var quoted = Shell.Quote(member.Destination);
            // Hashing a release's binary costs more than the rest of the check: remembered while the file is unchanged.
            probe.Append($"if [ -f {quoted} ]; then\n")
                .Append(ProbeScripts.Memo($"echo \"have={member.Destination} $(sha256sum < {quoted} | cut -d' ' -f1)\"", quoted))
                .Append("fi\n");
        }

        return probe.ToString();
    }

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var have = facts.GetAll("have").ToHashSet(StringComparer.Ordinal);
        var recorded = facts.GetAll("stamp_file").ToHashSet(StringComparer.Ordinal);
        var inSync = facts.Get("stamp_url") == archiveUrl
            && (sha256 is null || string.Equals(facts.Get("stamp_sha256"), sha256, StringComparison.OrdinalIgnoreCase))
            && members.All(m => recorded.Any(r => r.StartsWith(m.Destination + " ", StringComparison.Ordinal) && have.Contains(r)));
        if (inSync)
        {
            return [];
        }

        var check = sha256 is not null ? $"SHA-256 {sha256}" : $"its SHA-256 in {checksumsUrl}";
        var installs = string.Join(", ", members.Select(m => m.Destination));
        return [new Change($"download {Description}, check {check}, install {installs}", null, ApplyAsync) { Action = "install" }];
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var script = new StringBuilder($"""
            set -e
            w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
            echo "downloading {archiveUrl}" >&2
            curl -fsSL --retry 3 -o "$w/archive" {Shell.Quote(archiveUrl)}

            """);
        if (sha256 is not null)
        {
            script.Append($"expected={Shell.Quote(sha256.ToLowerInvariant())}\n");
        }
        else
        {
            script.Append($"curl -fsSL --retry 3 -o \"$w/sums\" {Shell.Quote(checksumsUrl!)}\n")
                .Append($"expected=$(awk -v f={Shell.Quote(FileName)} '$2==f || $2==\"*\"f {{print $1}}' \"$w/sums\")\n")
                .Append($"if [ -z \"$expected\" ]; then echo '{FileName} is not listed in {checksumsUrl}' >&2; exit 3; fi\n");
        }

        script.Append("actual=$(sha256sum < \"$w/archive\" | cut -d' ' -f1)\n")
            .Append($"if [ \"$actual\" != \"$expected\" ]; then echo \"checksum mismatch for {FileName}: expected $expected, got $actual; nothing installed\" >&2; exit 3; fi\n")
            .Append("mkdir \"$w/x\" && tar -xzf \"$w/archive\" -C \"$w/x\"\n");
        foreach (var member in members)
        {
            var destination = Shell.Quote(member.Destination);
            var temporary = Shell.Quote(TemporaryCopies.Fixed(member.Destination));
            script.Append($"install -D -o {Shell.Quote(member.Ownership.Owner)} -g {Shell.Quote(member.Ownership.Group)} -m {member.Ownership.Mode} \"$w/x/\"{Shell.Quote(member.PathInArchive)} {temporary}\n")
                .Append(Markers.Touch(MarkersToTouch))
                .Append($"mv -f {temporary} {destination}\n");
        }

        script.Append($"mkdir -p {Shell.Quote(Path.GetDirectoryName(Stamp)!)}\n")
            .Append($"{{ echo url={Shell.Quote(archiveUrl)}; echo sha256=$actual;\n");
        foreach (var member in members)
        {
            script.Append($"  echo \"file={member.Destination} $(sha256sum < {Shell.Quote(member.Destination)} | cut -d' ' -f1)\";\n");
        }

        script.Append($"}} > {Shell.Quote(Stamp + ".tmp")} && mv -f {Shell.Quote(Stamp + ".tmp")} {Shell.Quote(Stamp)}\n");
        (await shell.RunAsync(script.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(shell.Name, $"Installing {Description}");
    }
}
