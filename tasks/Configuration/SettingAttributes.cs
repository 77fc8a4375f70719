namespace Workload.Configuration;

/// <summary>
/// Marks a property of <see cref="WorkloadSettings"/> as a setting. Its key is the property name in camelCase;
/// its default is the property's initial value.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingAttribute(string group, string description) : Attribute
{
    public string Group { get; } = group;

    public string Description { get; } = description;
}

/// <summary>A secret: read only from the environment variable <c>WORKLOAD_&lt;KEY&gt;</c>, never from a file or an argument.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute
{
}

/// <summary>The value of the setting is one of the given words.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OneOfAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}

/// <summary>An integer setting bounded on both sides.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RangeAttribute(int minimum, int maximum) : Attribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;
}

/// <summary>What a string setting must look like, beyond being a string.</summary>
public enum ValueFormat
{
    /// <summary>Any text.</summary>
    Text,

    /// <summary>A TCP port, 1 to 65535.</summary>
    Port,

    /// <summary>An IPv4 or IPv6 network in CIDR notation, such as 203.0.113.7/32.</summary>
    Cidr,

    /// <summary>An IP address or a DNS host name.</summary>
    Address,

    /// <summary>An absolute http or https URL.</summary>
    Url,

    /// <summary>A path to a file that must exist.</summary>
    ExistingFile,

    /// <summary>A path to a directory that must exist.</summary>
    ExistingDirectory,

    /// <summary>A file path that may not exist yet.</summary>
    Path,

    /// <summary>A version such as 1.11.1 or 3.9.</summary>
    Version,

    /// <summary>A SHA-256 digest in hex.</summary>
    Sha256,

    /// <summary>An OpenPGP fingerprint: 40 hex digits, spaces allowed.</summary>
    PgpFingerprint,

    /// <summary>host:port, such as 127.0.0.1:5000 or :9100.</summary>
    ListenAddress,

    /// <summary>A Prometheus duration such as 15d or 12h.</summary>
    Duration,
}

/// <summary>Gives a string setting a <see cref="ValueFormat"/> that is checked before any task runs.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormatAttribute(ValueFormat format) : Attribute
{
    public ValueFormat Format { get; } = format;
}
