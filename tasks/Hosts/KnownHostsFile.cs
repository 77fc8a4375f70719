using System.Security.Cryptography;
using System.Text;

namespace Workload.Hosts;

/// <summary>One key line of a known_hosts file that applies to a host.</summary>
/// <param name="KeyType">ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa, ...</param>
/// <param name="Key">The public key blob.</param>
/// <param name="Revoked">Marked <c>@revoked</c>: never to be trusted.</param>
public sealed record KnownHostKey(string KeyType, byte[] Key, bool Revoked)
{
    public string Fingerprint => KnownHostsFile.Fingerprint(Key);
}

/// <summary>
/// An OpenSSH known_hosts file: plain and hashed (<c>|1|salt|hash</c>) host entries, comma-separated patterns
/// with <c>*</c>, <c>?</c> and negation, <c>[host]:port</c> for ports other than 22, and <c>@revoked</c> markers.
/// Writes are atomic; lines it does not understand are kept as they are.
/// </summary>
public sealed class KnownHostsFile(string path)
{
    // The run's hosts are connected at once: each read-modify-write of the file (and its temporary) is one at a time.
    private static readonly Lock Writing = new();

    public string Path { get; } = path;

    /// <summary>The SHA256 fingerprint of a key blob as OpenSSH prints it: <c>SHA256:base64-without-padding</c>.</summary>
    public static string Fingerprint(byte[] key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key)).TrimEnd('=');

    /// <summary>The key type a public key blob names in its first field (ssh-ed25519, ssh-rsa, ...).</summary>
    public static string KeyTypeOf(byte[] key)
    {
        if (key.Length < 4)
        {
            throw new ArgumentException("Not an SSH public key blob.", nameof(key));
        }

        var length = (key[0] << 24) | (key[1] << 16) | (key[2] << 8) | key[3];
        return length > 0 && 4 + length <= key.Length ? Encoding.ASCII.GetString(key, 4, length) : throw new ArgumentException("Not an SSH public key blob.", nameof(key));
    }

    /// <summary>Parses "type base64 [comment]" (a .pub file or a state entry) into its type and blob.</summary>
    public static (string KeyType, byte[] Key) ParsePublicKey(string text)
    {
        var fields = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 2)
        {
            throw new FormatException($"Not an SSH public key: '{text}'. Expected 'type base64'.");
        }

        return (fields[0], Convert.FromBase64String(fields[1]));
    }

    /// <summary>The name a host has in known_hosts: <c>host</c> on port 22, <c>[host]:port</c> otherwise.</summary>
    public static string HostName(string host, int port) => port == 22 ? host : $"[{host}]:{port}";

    /// <summary>Every key the file lists for the host.</summary>
    public IReadOnlyList<KnownHostKey> Find(string host, int port)
    {
        var name = HostName(host, port);
        return ReadLines().Select(Parse).OfType<Entry>().Where(e => e.Matches(name)).Select(e => e.Key).ToList();
    }

    /// <summary>Adds a key for the host, keeping every other line.</summary>
    public void Add(string host, int port, string keyType, byte[] key)
    {
        lock (Writing)
        {
            Write(ReadLines().Append(Line(host, port, keyType, key)));
        }
    }

    /// <summary>
    /// Makes the key the only one for the host: entries naming exactly this host (plain or hashed) are replaced.
    /// Used for keys that provisioning obtained out of band, which are more trustworthy than a stale entry.
    /// </summary>
    public void Pin(string host, int port, string keyType, byte[] key)
    {
        var name = HostName(host, port);
        lock (Writing)
        {
            var kept = ReadLines().Where(line => Parse(line) is not Entry entry || !entry.NamesExactly(name));
            Write(kept.Append(Line(host, port, keyType, key)));
        }
    }

    private static string Line(string host, int port, string keyType, byte[] key) =>
        $"{HostName(host, port)} {keyType} {Convert.ToBase64String(key)}";

    private List<string> ReadLines() => File.Exists(Path) ? File.ReadAllLines(Path).ToList() : [];

    private void Write(IEnumerable<string> lines) => Common.AtomicFile.WriteAllText(Path, string.Join('\n', lines) + "\n", mode: null);

    private static Entry? Parse(string line)
    {
        var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0 || fields[0].StartsWith('#'))
        {
            return null;
        }

        var revoked = false;
        if (fields[0].StartsWith('@'))
        {
            if (fields[0] != "@revoked")
            {
                // @cert-authority lines vouch for certificates, which this tool does not use.
                return null;
            }

            revoked = true;
            fields = fields[1..];
        }

        if (fields.Length < 3)
        {
            return null;
        }

        try
        {
            return new Entry(fields[0], new KnownHostKey(fields[1], Convert.FromBase64String(fields[2]), revoked));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed record Entry(string Hosts, KnownHostKey Key)
    {
        public bool Matches(string name)
        {
            if (Hosts.StartsWith("|1|", StringComparison.Ordinal))
            {
                return HashedMatches(name);
            }

            var matched = false;
            foreach (var pattern in Hosts.Split(','))
            {
                var negated = pattern.StartsWith('!');
                if (Glob(negated ? pattern[1..] : pattern, name))
                {
                    if (negated)
                    {
                        return false;
                    }

                    matched = true;
                }
            }

            return matched;
        }

        public bool NamesExactly(string name) =>
            Hosts.StartsWith("|1|", StringComparison.Ordinal) ? HashedMatches(name) : Hosts.Split(',').Contains(name, StringComparer.Ordinal);

        private bool HashedMatches(string name)
        {
            var parts = Hosts.Split('|');
            if (parts.Length != 4)
            {
                return false;
            }

            try
            {
                var salt = Convert.FromBase64String(parts[2]);
                var expected = Convert.FromBase64String(parts[3]);
#pragma warning disable CA5350 // OpenSSH's hashed host names are HMAC-SHA1 by format; this reads them, it protects nothing with them.
                var actual = HMACSHA1.HashData(salt, Encoding.ASCII.GetBytes(name));
#pragma warning restore CA5350
                return CryptographicOperations.FixedTimeEquals(actual, expected);
            }
            catch (FormatException)
            {
                return false;
            }
        }

        private static bool Glob(string pattern, string text)
        {
            if (!pattern.Contains('*', StringComparison.Ordinal) && !pattern.Contains('?', StringComparison.Ordinal))
            {
                return string.Equals(pattern, text, StringComparison.OrdinalIgnoreCase);
            }

            var regex = "^" + System.Text.RegularExpressions.Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            return System.Text.RegularExpressions.Regex.IsMatch(text, regex, System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        }
    }
}
