namespace Workload.Hosts;

/// <summary>How to reach one host: its name in the workload, its address, and the login.</summary>
/// <param name="Name">The host's role name (jenkins, monitoring), used in every message.</param>
/// <param name="Address">The address to connect to.</param>
/// <param name="Port">The SSH port.</param>
/// <param name="User">The login user; when not root, changes run through <c>sudo -n</c>.</param>
/// <param name="KeyFile">The private key file.</param>
/// <param name="PinnedHostKey">The host key provisioning obtained out of band ("type base64"), pinned before connecting.</param>
public sealed record HostEndpoint(string Name, string Address, int Port, string User, string KeyFile, string? PinnedHostKey = null)
{
    /// <summary>user@address:port with key file, as error messages show it.</summary>
    public string Describe() => $"{User}@{Address}:{Port} (host {Name}, key {KeyFile})";
}
