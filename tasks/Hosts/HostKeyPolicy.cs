namespace Workload.Hosts;

/// <summary>
/// Decides whether to trust the key a host presents: a key listed in known_hosts is trusted; a different key is
/// refused with both fingerprints; an unknown host is refused (strict) or recorded (accept-new).
/// </summary>
public sealed class HostKeyPolicy(KnownHostsFile knownHosts, bool acceptNew)
{
    public KnownHostsFile KnownHosts { get; } = knownHosts;

    /// <summary>Null when the key is trusted (and recorded where the policy says so), else why it is refused.</summary>
    public string? Check(HostEndpoint endpoint, string keyType, byte[] key)
    {
        var fingerprint = KnownHostsFile.Fingerprint(key);
        var known = KnownHosts.Find(endpoint.Address, endpoint.Port);
        if (known.Any(k => k.Revoked && k.Key.AsSpan().SequenceEqual(key)))
        {
            return $"The host key of {endpoint.Describe()} ({fingerprint}) is marked @revoked in {KnownHosts.Path}. Refusing to connect.";
        }

        if (known.Any(k => !k.Revoked && k.Key.AsSpan().SequenceEqual(key)))
        {
            return null;
        }

        var listed = known.Where(k => !k.Revoked).ToList();
        if (listed.Count > 0)
        {
            return $"HOST KEY CHANGED for {endpoint.Describe()}: it presented {keyType} {fingerprint}, but {KnownHosts.Path} lists " +
                string.Join(", ", listed.Select(k => $"{k.KeyType} {k.Fingerprint}")) +
                ". This could be an attack, or the host was rebuilt. Refusing to connect; if the change is expected, remove the old entry " +
                $"(ssh-keygen -R {KnownHostsFile.HostName(endpoint.Address, endpoint.Port)} -f {KnownHosts.Path}) and run again.";
        }

        if (!acceptNew)
        {
            return $"The host key of {endpoint.Describe()} is unknown ({keyType} {fingerprint}) and hostKeyPolicy is strict. " +
                $"Check the fingerprint out of band and add it to {KnownHosts.Path}, or run once with --hostKeyPolicy=accept-new to record it.";
        }

        KnownHosts.Add(endpoint.Address, endpoint.Port, keyType, key);
        return null;
    }
}
