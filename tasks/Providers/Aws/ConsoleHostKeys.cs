using System.Text.RegularExpressions;

namespace Workload.Providers.Aws;

/// <summary>
/// The SSH host keys cloud-init prints to an instance's console on first boot, between
/// <c>-----BEGIN SSH HOST KEY KEYS-----</c> and <c>-----END SSH HOST KEY KEYS-----</c>, with their fingerprints in a
/// block of their own. The console is written by the instance's own boot, before anyone could have connected, so
/// a key read there can be pinned before the first SSH connection.
/// </summary>
public sealed partial record ConsoleHostKeys(IReadOnlyList<SshPublicKey> Keys, IReadOnlyList<string> Fingerprints)
{
    public const string KeysBegin = "-----BEGIN SSH HOST KEY KEYS-----";
    public const string KeysEnd = "-----END SSH HOST KEY KEYS-----";
    public const string FingerprintsBegin = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
    public const string FingerprintsEnd = "-----END SSH HOST KEY FINGERPRINTS-----";

    /// <summary>Key types in the order the tool prefers to pin them.</summary>
    private static readonly string[] Preference = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "ssh-rsa"];

    /// <summary>The key to pin: ed25519 when there is one.</summary>
    public SshPublicKey? Preferred =>
        Keys.Where(k => Preference.Contains(k.Type)).OrderBy(k => Array.IndexOf(Preference, k.Type)).FirstOrDefault();

    /// <summary>
    /// True when the fingerprints block (if printed) lists the key: a key line garbled by interleaved console
    /// output, or one that is not what sshd reported, is never pinned.
    /// </summary>
    public bool Confirms(SshPublicKey key) =>
        Fingerprints.Count == 0 || Fingerprints.Contains(key.Sha256Fingerprint, StringComparer.Ordinal);

    /// <summary>Reads the last complete blocks of the console text (a reboot prints them again).</summary>
    public static ConsoleHostKeys Parse(string? console)
    {
        var keyLines = LastBlock(console, KeysBegin, KeysEnd);
        var keys = keyLines
            .Select(line => KeyPattern().Match(line))
            .Where(m => m.Success)
            .Select(m => SshPublicKey.TryParse(m.Value))
            .OfType<SshPublicKey>()
            .ToList();
        var fingerprints = LastBlock(console, FingerprintsBegin, FingerprintsEnd)
            .SelectMany(line => FingerprintPattern().Matches(line).Select(m => m.Value))
            .ToList();
        return new ConsoleHostKeys(keys, fingerprints);
    }

    /// <summary>
    /// True when the console shows that cloud-init finished a boot ("Cloud-init v. 25.1 finished at ..."), which it
    /// prints at the end of every boot, after the host keys of a first boot.
    /// </summary>
    public static bool ShowsFinishedBoot(string? console) => console is not null && FinishedPattern().IsMatch(console);

    private static string[] LastBlock(string? console, string begin, string end)
    {
        if (console is null)
        {
            return [];
        }

        var lines = console.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        var last = Array.FindLastIndex(lines, l => l.Contains(end, StringComparison.Ordinal));
        var first = last < 0 ? -1 : Array.FindLastIndex(lines, last, l => l.Contains(begin, StringComparison.Ordinal));
        return first < 0 ? [] : lines[(first + 1)..last];
    }

    [GeneratedRegex("(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa) AAAA[A-Za-z0-9+/]+=*")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"Cloud-init v\. \S+ finished at")]
    private static partial Regex FinishedPattern();

    [GeneratedRegex("SHA256:[A-Za-z0-9+/]{43}")]
    private static partial Regex FingerprintPattern();
}
