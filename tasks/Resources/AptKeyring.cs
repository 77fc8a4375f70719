using System.Globalization;
using Workload.Hosts;

namespace Workload.Resources;

/// <summary>
/// An apt repository's signing key in <c>/etc/apt/keyrings</c>, fetched on the host and accepted only when it
/// carries the expected OpenPGP fingerprint and is neither expired nor revoked. Only that key is kept: a
/// publisher's bundle (Grafana's gpg-full.key also holds its revoked and expired predecessors) never adds keys
/// apt would trust. A key that expired or was revoked since it was fetched is drift: apt refuses the repository
/// (EXPKEYSIG) while the fingerprint still matches, and publishers renew keys under the same fingerprint, so it
/// is fetched again.
/// </summary>
public sealed class AptKeyring(string name, string keyUrl, string fingerprint) : NotifyingResource
{
    public string Path { get; } = $"/etc/apt/keyrings/{name}.asc";

    public string Fingerprint { get; } = fingerprint.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant();

    public override string Description => $"apt keyring {Path}";

    /// <summary>
    /// Prints the keyring's fingerprints and, for each key, <c>key=FINGERPRINT:VALIDITY:EXPIRES</c> (gpg's colon
    /// listing: validity e expired, r revoked; expiry in seconds since the epoch), and the host's clock.
    /// </summary>
    public override string Probe() =>
        $"if [ -f {Shell.Quote(Path)} ]; then echo exists=1; echo now=$(date +%s)\n" +
        // gpg costs more than the rest of a run's checks of this host: its listing is remembered while the file is unchanged.
        ProbeScripts.Memo(
            $"g=$(mktemp -d); GNUPGHOME=$g gpg --batch --show-keys --with-colons {Shell.Quote(Path)} | " +
            "awk -F: '$1==\"pub\"{v=$2; e=$7; p=1} $1==\"sub\"{p=0} $1==\"fpr\"&&p{print \"fpr=\"$10; print \"key=\"$10\":\"v\":\"e; p=0}'; r=$?; rm -rf \"$g\"; exit $r",
            Shell.Quote(Path)) +
        "fi";

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (!facts.IsTrue("exists"))
        {
            return [new Change($"add {Description} from {keyUrl}, accepted only with fingerprint {Fingerprint}", null, ApplyAsync) { Action = "add" }];
        }

        if (!facts.GetAll("fpr").Contains(Fingerprint, StringComparer.Ordinal))
        {
            return [new Change($"replace {Description} from {keyUrl}, accepted only with fingerprint {Fingerprint}", null, ApplyAsync) { Action = "replace" }];
        }

        return Unusable(facts) is { } why
            ? [new Change($"fetch {Description} again from {keyUrl}: the key {Fingerprint} there {why}, so apt refuses the repository (EXPKEYSIG)", null, ApplyAsync) { Action = "fetch again" }]
            : [];
    }

    /// <summary>Why the pinned key in the keyring cannot verify signatures ("expired on 2025-08-22", "was revoked"), or null.</summary>
    private string? Unusable(ResourceFacts facts)
    {
        var key = facts.GetAll("key").Select(k => k.Split(':')).FirstOrDefault(k => k.Length >= 3 && k[0] == Fingerprint);
        if (key is null)
        {
            return null;
        }

        if (key[1] == "r")
        {
            return "was revoked";
        }

        var now = long.TryParse(facts.Get("now"), CultureInfo.InvariantCulture, out var seconds) ? seconds : DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (long.TryParse(key[2], CultureInfo.InvariantCulture, out var expires) && expires <= now)
        {
            return $"expired on {DateTimeOffset.FromUnixTimeSeconds(expires):yyyy-MM-dd}";
        }

        return key[1] == "e" ? "expired" : null;
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
            mkdir -m 0700 "$w/home"
            GNUPGHOME="$w/home" gpg --batch --quiet --import "$w/key" 2>/dev/null
            state=$(GNUPGHOME="$w/home" gpg --batch --with-colons --list-keys {{Fingerprint}} | awk -F: '$1=="pub"{print $2":"$7; exit}')
            validity=${state%%:*}; expires=${state#*:}
            if [ "$validity" = r ]; then
              echo "the key {{Fingerprint}} at {{keyUrl}} is revoked; not installed. The publisher has a new key: set the key URL and fingerprint settings from its documentation" >&2
              exit 3
            fi
            if [ "$validity" = e ] || { [ -n "$expires" ] && [ "$expires" -le "$(date +%s)" ]; }; then
              echo "the key {{Fingerprint}} at {{keyUrl}} expired on $(date -u -d "@${expires:-0}" +%F); not installed. The publisher renews or replaces its key: set the key URL and fingerprint settings from its documentation" >&2
              exit 3
            fi
            # Only the pinned key goes into the keyring, never the other keys of a bundle.
            GNUPGHOME="$w/home" gpg --batch --armor --export {{Fingerprint}} >"$w/pinned"
            install -d -m 0755 /etc/apt/keyrings
            install -m 0644 "$w/pinned" {{Shell.Quote(TemporaryCopies.Fixed(Path))}}
            {{Markers.Touch(MarkersToTouch)}}mv -f {{Shell.Quote(TemporaryCopies.Fixed(Path))}} {{Shell.Quote(Path)}}
            """;
        (await shell.RunAsync(script, cancellationToken: cancellationToken).ConfigureAwait(false)).EnsureSuccess(shell.Name, $"Installing {Description}");
    }
}
