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

/// <summary>
/// What a text setting must look like, chosen from the grammar of the file or command it ends up in. No format
/// accepts control characters; <see cref="SettingFormats"/> holds each one's rule, its words and its length bound.
/// </summary>
public enum ValueFormat
{
    /// <summary>Any text without control characters (only for values that reach no file and no command).</summary>
    Text,

    /// <summary>A TCP port, 1 to 65535.</summary>
    Port,

    /// <summary>An IPv4 or IPv6 network in CIDR notation, such as 203.0.113.7/32.</summary>
    Cidr,

    /// <summary>An IP address or a DNS host name (ASCII letters, digits and '-'; IDNA names in their xn-- form).</summary>
    Address,

    /// <summary>An absolute http or https URL without whitespace, quotes or '#'.</summary>
    Url,

    /// <summary>An absolute http or https URL of letters, digits and - . _ ~ : / ? = @ + % only: it goes unquoted into shell steps.</summary>
    PlainUrl,

    /// <summary>A path on this machine to a regular file that must exist.</summary>
    ExistingFile,

    /// <summary>A path on this machine to a directory that must exist.</summary>
    ExistingDirectory,

    /// <summary>A path on this machine that may not exist yet.</summary>
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

    /// <summary>host:port with a host, such as 10.0.1.10:9100.</summary>
    HostAndPort,

    /// <summary>A POSIX account (user or group) name, as useradd accepts it.</summary>
    AccountName,

    /// <summary>An absolute, normalised path on a host, in the characters every file that names it can hold.</summary>
    HostPath,

    /// <summary>A relative path inside a repository, without '..'.</summary>
    RelativePath,

    /// <summary>The names of nginx's server_name directive.</summary>
    ServerNames,

    /// <summary>The name of this deployment: valid as a machine name, an AWS name and tag, and a file name.</summary>
    Project,

    /// <summary>A network interface name (at most 15 characters).</summary>
    InterfaceName,

    /// <summary>A git repository URL (https, http, ssh, git, file, or user@host:path).</summary>
    GitRepository,

    /// <summary>A git branch, tag or commit.</summary>
    GitRef,

    /// <summary>A database URL such as mysql+pymysql://user@host/db.</summary>
    DatabaseUrl,

    /// <summary>A Debian package name, optionally =VERSION.</summary>
    DebianPackage,

    /// <summary>A pip requirement: a name with optional extras and version specifiers.</summary>
    PipRequirement,

    /// <summary>A Jenkins plugin short name, optionally :VERSION.</summary>
    JenkinsPlugin,

    /// <summary>A Jenkins id (credential id): letters, digits, '.', '_' and '-'.</summary>
    JenkinsId,

    /// <summary>A Jenkins name (tool installation): a JenkinsId that may hold single spaces inside.</summary>
    JenkinsName,

    /// <summary>A login name of Jenkins or Grafana.</summary>
    LoginName,

    /// <summary>A container image reference such as docker.io/library/python:3.11-slim.</summary>
    ImageReference,

    /// <summary>A container volume name.</summary>
    VolumeName,

    /// <summary>A directory on this machine that is mounted (overlay, bind): no spaces, commas or colons.</summary>
    MountPath,

    /// <summary>An existing directory on this machine that is mounted into a container: no spaces, commas or colons.</summary>
    MountableDirectory,

    /// <summary>An AWS region such as us-east-1.</summary>
    AwsRegion,

    /// <summary>An AWS profile name.</summary>
    AwsProfile,

    /// <summary>An EC2 instance type such as t3.small.</summary>
    InstanceType,

    /// <summary>An AMI id such as ami-0123456789abcdef0.</summary>
    AmiId,

    /// <summary>A subnet id such as subnet-0123456789abcdef0.</summary>
    SubnetId,

    /// <summary>An availability zone such as us-east-1a.</summary>
    AvailabilityZone,

    /// <summary>A Jenkins periodic-trigger interval such as 15m, 1h or 1d.</summary>
    ScanInterval,
}

/// <summary>
/// Gives a text setting a <see cref="ValueFormat"/> that is checked before any task runs; on a list setting, every
/// item has that format.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FormatAttribute(ValueFormat format) : Attribute
{
    public ValueFormat Format { get; } = format;
}
