namespace Workload.Providers.Local;

/// <summary>A Debian release the local provider's hosts can run: its number (the setting's value) and codename (debootstrap's suite).</summary>
/// <param name="Number">"13", as localDebianRelease names it.</param>
/// <param name="Codename">"trixie": debootstrap's suite, the root filesystem cache's name prefix, apt's codename.</param>
public sealed record DebianRelease(string Number, string Codename)
{
    /// <summary>Debian 13, the default.</summary>
    public static readonly DebianRelease Trixie = new("13", "trixie");

    /// <summary>Debian 12, still supported.</summary>
    public static readonly DebianRelease Bookworm = new("12", "bookworm");

    /// <summary>Every release the local provider supports, the default first.</summary>
    public static IReadOnlyList<DebianRelease> Supported { get; } = [Trixie, Bookworm];

    /// <summary>"Debian 13 (trixie)".</summary>
    public string Name => $"Debian {Number} ({Codename})";

    /// <summary>The release of a number or codename ("13", "trixie"); null when the local provider does not support it.</summary>
    public static DebianRelease? Find(string numberOrCodename) =>
        Supported.FirstOrDefault(r => r.Number == numberOrCodename || r.Codename == numberOrCodename);

    public override string ToString() => Name;
}
