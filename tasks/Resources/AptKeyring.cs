using Workload.Hosts;

namespace Workload.Resources;

/// <summary>
/// An apt repository's signing key in <c>/etc/apt/keyrings</c>, fetched on the host and accepted only when it
/// carries the expected OpenPGP fingerprint.
/// </summary>
public sealed class AptKeyring(string name, string keyUrl, string fingerprint) : NotifyingResource
{
    public string Path { get; } = $"/etc/apt/keyrings/{name}.asc";

    public string Fingerprint { get; } = fingerprint.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    public override string Description => $"apt keyring {Path}";

    public override string Probe() =>
        $"if [ -f {Shell.Quote(Path)} ]; then echo exists=1; g=$(mktemp -d); " +
        $"GNUPGHOME=$g gpg --batch --show-keys --with-colons {Shell.Quote(Path)} | awk -F: '$1==\"fpr\"{{print \"fpr=\"$10}}'; rm -rf \"$g\"; fi";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        if (facts.GetAll("fpr").Contains(Fingerprint, StringComparer.Ordinal))
        {
            return [];
        }

        var what = facts.IsTrue("exists") ? "replace" : "add";
        return [new Change($"{what} {Description} from {keyUrl}, accepted only with fingerprint {Fingerprint}", null, ApplyAsync)];
    }

    private async Task ApplyAsync(IHostShell shell, CancellationToken cancellationToken)
    {
        var script = $$"""
            set -e
            w=$(mktemp -d); trap 'rm -rf "$w"' EXIT
            curl -fsSL --retry 3 -o "$w/key" {{Shell.Quote(keyUrl)}}
            found=$(GNUPGHOME="$w" gpg --batch --show-keys --with-colons "$w/key" | awk -F: '$1=="fpr"{print $10}')
            if ! printf '%s\n' "$found" | grep -qx {{Shell.Quote(Fingerprint)}}; then
              echo "the key at {{keyUrl}} has fingerprint(s) $(echo $found) but {{Fingerprint}} was expected; not installed" >&2
              exit 3
            fi
            install -d -m 0755 /etc/apt/keyrings
            install -m 0644 "$w/key" {{Shell.Quote(Path + ".workload-tmp")}}
            {{Markers.Touch(MarkersToTouch)}}mv -f {{Shell.Quote(Path + ".workload-tmp")}} {{Shell.Quote(Path)}}
            """;
        (await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(shell.Name, $"Installing {Description}");
    }
}
