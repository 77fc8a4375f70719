using System.Net;

namespace Workload.Providers.Local;

/// <summary>A running testbed host, as a caller needs it to log in.</summary>
/// <param name="Name">Machine name and hostname.</param>
/// <param name="Address">Its address on the bridge, reachable from this machine and the other hosts.</param>
/// <param name="HostKey">Its SSH host public key, "ssh-ed25519 AAAA..." without comment, to pin.</param>
/// <param name="NspawnPid">The PID of its systemd-nspawn; unchanged as long as the host was not restarted.</param>
public sealed record TestbedHost(string Name, IPAddress Address, string HostKey, int NspawnPid);

/// <summary>What a host's files and processes say about it, read without changing anything.</summary>
/// <param name="Name">The host's name.</param>
/// <param name="Metadata">Its metadata; null when the host does not exist (or its creation never completed).</param>
/// <param name="Address">Its recorded address, or null.</param>
/// <param name="IsRunning">Whether its systemd-nspawn runs.</param>
public sealed record TestbedHostStatus(string Name, MachineMetadata? Metadata, IPAddress? Address, bool IsRunning)
{
    /// <summary>Whether the host exists (running or stopped).</summary>
    public bool Exists => Metadata is not null;
}
