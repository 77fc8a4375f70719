namespace Workload.Platform;

/// <summary>
/// What <c>/etc/os-release</c> says about a host's distribution (os-release(5): KEY=value lines, values optionally
/// quoted): the facts the OS-dependent defaults are chosen from.
/// </summary>
public sealed record OsRelease(string Id, string VersionId, string Codename, string PrettyName, IReadOnlyList<string> IdLike)
{
    /// <summary>Reads the text of an os-release file; missing keys become empty.</summary>
    public static OsRelease Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || equals <= 0)
            {
                continue;
            }

            values[line[..equals]] = Unquote(line[(equals + 1)..]);
        }

        string Get(string key) => values.TryGetValue(key, out var value) ? value : string.Empty;
        var codename = Get("VERSION_CODENAME") is { Length: > 0 } c ? c : Get("UBUNTU_CODENAME");
        var pretty = Get("PRETTY_NAME") is { Length: > 0 } p ? p : $"{Get("NAME")} {Get("VERSION_ID")}".Trim();
        return new OsRelease(Get("ID"), Get("VERSION_ID"), codename, pretty, Get("ID_LIKE").Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Ubuntu itself (the deadsnakes PPA serves Ubuntu releases only).</summary>
    public bool IsUbuntu => Id == "ubuntu";

    /// <summary>Debian, Ubuntu or a derivative that says so: apt, dpkg and Debian's package names.</summary>
    public bool IsDebianFamily => Id is "debian" or "ubuntu" || IdLike.Contains("debian") || IdLike.Contains("ubuntu");

    public override string ToString() => PrettyName.Length > 0 ? PrettyName : Id;

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        return value.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
    }
}
