using System.Security.Cryptography;
using System.Text;

namespace Workload.Providers.Local;

/// <summary>
/// MAC addresses derived from a name. A host's interface and the bridge keep the same MAC across restarts, so the
/// neighbour caches of this machine and of the other hosts stay right: with a new random MAC for the same address,
/// packets would go to the old one until the cache entry expires (about 30 s without an answer).
/// </summary>
public static class StableMacAddress
{
    /// <summary>A locally administered unicast MAC, "02:xx:xx:xx:xx:xx"-like, the same for the same <paramref name="seed"/>.</summary>
    public static string For(string seed)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(seed))[..6];

        // Bit 0 of the first byte clear: unicast. Bit 1 set: locally administered, never a vendor's address.
        bytes[0] = (byte)((bytes[0] & 0xFE) | 0x02);
        return string.Join(':', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }
}
