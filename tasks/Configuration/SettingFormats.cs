using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Workload.Configuration;

/// <summary>One format: what a valid value looks like in words, its length bound, and its rule.</summary>
/// <param name="Format">The format.</param>
/// <param name="Expectation">The words that follow "expected" in an error, in --help and in the README.</param>
/// <param name="MaxLength">The most characters a value may have.</param>
/// <param name="Accepts">The rule, given the value and the directory relative paths are resolved against.</param>
public sealed record FormatRule(ValueFormat Format, string Expectation, int MaxLength, Func<string, string, bool> Accepts);

/// <summary>
/// The formats of text settings. Each is chosen from the grammar of the file or command the value ends up in
/// (sudoers, systemd units, nginx, YAML, shell commands, overlay mounts), so that a value can only ever be one
/// token there. Every format refuses control characters (Unicode Cc, Cf such as bidi controls, line and paragraph
/// separators, unassigned code points) and values longer than its bound, before its own rule is asked.
/// </summary>
public static partial class SettingFormats
{
    /// <summary>The bound of any text value, including secrets and plain text.</summary>
    public const int TextMaxLength = 4096;

    /// <summary>The most items a list setting may have.</summary>
    public const int ListMaxItems = 256;

    /// <summary>Top-level directories a host path may not be: the tool chowns and replaces what it is given.</summary>
    private static readonly HashSet<string> SystemDirectories = new(StringComparer.Ordinal)
    {
        "/bin", "/boot", "/dev", "/etc", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/media", "/mnt", "/opt",
        "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/var",
    };

    private static readonly string[] GitSchemes = ["https", "http", "ssh", "git", "file"];

    public static IReadOnlyDictionary<ValueFormat, FormatRule> Rules { get; } = new FormatRule[]
    {
        new(ValueFormat.Text, "text", TextMaxLength, (_, _) => true),
        new(ValueFormat.Port, "a TCP port from 1 to 65535", 5, (text, _) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536),
        new(ValueFormat.Cidr, "a network in CIDR notation such as 203.0.113.7/32 or 10.0.0.0/24 (no address bits set beyond the prefix)", 64, (text, _) => IsCidr(text)),
        new(ValueFormat.Address, "an IP address or a DNS host name (ASCII letters, digits and '-' in dot-separated labels; an internationalised name in its xn-- form)", 253, (text, _) => IsAddress(text)),
        new(ValueFormat.Url, "an absolute http:// or https:// URL (ASCII, without whitespace, quotes, backslashes or '#')", 2048, (text, _) => IsUrl(text)),
        new(ValueFormat.PlainUrl, "an absolute http:// or https:// URL of letters, digits and - . _ ~ : / ? = @ + % only (it goes unquoted into the pipeline's shell steps)", 2048, (text, _) => PlainUrlPattern().IsMatch(text) && IsUrl(text)),
        new(ValueFormat.ExistingFile, "the path of an existing regular file", TextMaxLength, (text, directory) => LocalFile.Inspect(FullPath(text, directory)).Kind == LocalFileKind.Regular),
        new(ValueFormat.ExistingDirectory, "the path of an existing directory", TextMaxLength, (text, directory) => LocalFile.Inspect(FullPath(text, directory)).Kind == LocalFileKind.Directory),
        new(ValueFormat.Path, "a file path on this machine, absolute or relative to the working directory", TextMaxLength, (text, _) => text.Length > 0),
        new(ValueFormat.Version, "a version such as 1.11.1", 64, (text, _) => VersionPattern().IsMatch(text)),
        new(ValueFormat.Sha256, "a SHA-256 digest (64 hex digits)", 64, (text, _) => Sha256Pattern().IsMatch(text)),
        new(ValueFormat.PgpFingerprint, "an OpenPGP fingerprint (40 hex digits)", 64, (text, _) => FingerprintPattern().IsMatch(text.Replace(" ", string.Empty, StringComparison.Ordinal))),
        new(ValueFormat.ListenAddress, "host:port such as 127.0.0.1:5000 or :9100 (an IPv6 host in brackets)", 300, (text, _) => IsListenAddress(text, hostRequired: false)),
        new(ValueFormat.Duration, "a duration such as 15d, 12h or 30m", 32, (text, _) => DurationPattern().IsMatch(text)),
        new(ValueFormat.HostAndPort, "host:port such as 10.0.1.10:9100 (an IPv6 host in brackets)", 300, (text, _) => IsListenAddress(text, hostRequired: true)),
        new(ValueFormat.AccountName, "a POSIX account name: 1 to 32 lowercase letters, digits, '_' or '-', starting with a letter or '_'", 32, (text, _) => AccountNamePattern().IsMatch(text)),
        new(ValueFormat.HostPath, "an absolute, normalised path on the host: '/'-separated names of letters, digits, '.', '_', '-', '+' or '@' (no whitespace, quotes, '%', '$', '.' or '..' names, or trailing '/'), at most 255 characters, and not / or a top-level system directory", 255, (text, _) => IsHostPath(text)),
        new(ValueFormat.RelativePath, "a relative path inside the repository: '/'-separated names of letters, digits, '.', '_', '-', '+' or '@', without '..' and not starting with '-'", 255, (text, _) => IsRelativePath(text)),
        new(ValueFormat.ServerNames, "nginx server_name names separated by single spaces (1 to 16): _, a host name, an IPv4 address, *.name, .name or name.* (ASCII; an internationalised name in its xn-- form)", 1024, (text, _) => IsServerNames(text)),
        new(ValueFormat.Project, "1 to 40 lowercase letters, digits or '-', starting and ending with a letter or digit, not starting with sg- (it names testbed machines, AWS resources, tags and files)", 40, (text, _) => ProjectPattern().IsMatch(text) && !text.StartsWith("sg-", StringComparison.Ordinal)),
        new(ValueFormat.InterfaceName, "an interface name of 1 to 15 letters, digits, '-' or '_'", 15, (text, _) => InterfaceNamePattern().IsMatch(text)),
        new(ValueFormat.GitRepository, "a git repository: an https://, http://, ssh://, git:// or file:// URL, user@host:path, or an absolute path (no whitespace, quotes, backslashes, or other transports such as ext::)", 2048, (text, _) => IsGitRepository(text)),
        new(ValueFormat.GitRef, "a branch, tag or commit: letters, digits, '.', '_', '-' and '/' as git check-ref-format allows (no '..', '//', '@{', leading '-' or '/', trailing '/', '.' or .lock)", 255, (text, _) => IsGitRef(text)),
        new(ValueFormat.DatabaseUrl, "a database URL such as mysql+pymysql://user@db.example.com/microblog or sqlite:////srv/microblog/app.db (ASCII, without whitespace, quotes, backslashes, '$' or '`')", 2048, (text, _) => DatabaseUrlPattern().IsMatch(text)),
        new(ValueFormat.DebianPackage, "a Debian package name (lowercase letters, digits, '+', '-', '.'; at least 2 characters), optionally =VERSION", 128, (text, _) => DebianPackagePattern().IsMatch(text)),
        new(ValueFormat.PipRequirement, "a pip requirement such as gunicorn or gunicorn==23.0.0: a name, optional [extras] and version specifiers (no URLs, spaces or options)", 256, (text, _) => PipRequirementPattern().IsMatch(text)),
        new(ValueFormat.JenkinsPlugin, "a Jenkins plugin short name, optionally :VERSION, such as git or git:5.7.0", 128, (text, _) => JenkinsPluginPattern().IsMatch(text)),
        new(ValueFormat.JenkinsId, "a Jenkins id of 1 to 64 letters, digits, '.', '_' or '-', not starting with '.' or '-'", 64, (text, _) => JenkinsIdPattern().IsMatch(text)),
        new(ValueFormat.JenkinsName, "a name of letters, digits, '.', '_' or '-' (single spaces between words), not starting with '.' or '-', at most 64 characters", 64, (text, _) => JenkinsNamePattern().IsMatch(text)),
        new(ValueFormat.LoginName, "a login name of 1 to 64 letters, digits, '_' or '-', not starting with '-'", 64, (text, _) => LoginNamePattern().IsMatch(text)),
        new(ValueFormat.ImageReference, "a container image reference such as docker.io/library/python:3.11-slim (lowercase registry and path, optional :tag and @sha256:digest)", 255, (text, _) => ImagePattern().IsMatch(text)),
        new(ValueFormat.VolumeName, "a volume name of letters, digits, '_', '.' or '-', starting with a letter or digit", 128, (text, _) => VolumeNamePattern().IsMatch(text)),
        new(ValueFormat.MountPath, "a directory path on this machine other than /, whose absolute form holds no spaces, commas or colons (overlay mounts and apt-cacher-ng separate values with them)", TextMaxLength, (text, directory) => IsMountPath(text, directory)),
        new(ValueFormat.MountableDirectory, "the path of an existing directory whose absolute form holds no spaces, commas or colons (it is mounted into containers)", TextMaxLength, (text, directory) => IsMountPath(text, directory) && LocalFile.Inspect(FullPath(text, directory)).Kind == LocalFileKind.Directory),
        new(ValueFormat.AwsRegion, "an AWS region such as us-east-1", 32, (text, _) => RegionPattern().IsMatch(text)),
        new(ValueFormat.AwsProfile, "an AWS profile name of 1 to 64 letters, digits, '_', '.', '+', '@', '/' or '-'", 64, (text, _) => AwsProfilePattern().IsMatch(text)),
        new(ValueFormat.InstanceType, "an EC2 instance type such as t3.small", 32, (text, _) => InstanceTypePattern().IsMatch(text)),
        new(ValueFormat.AmiId, "an AMI id such as ami-0123456789abcdef0", 21, (text, _) => AmiPattern().IsMatch(text)),
        new(ValueFormat.SubnetId, "a subnet id such as subnet-0123456789abcdef0", 24, (text, _) => SubnetPattern().IsMatch(text)),
        new(ValueFormat.AvailabilityZone, "an availability zone such as us-east-1a", 32, (text, _) => ZonePattern().IsMatch(text)),
        new(ValueFormat.ScanInterval, "a number and m, h or d, such as 15m, 1h or 1d", 8, (text, _) => ScanIntervalPattern().IsMatch(text)),
    }.ToDictionary(r => r.Format);

    /// <summary>
    /// Null when <paramref name="text"/> has <paramref name="format"/>; otherwise why not, in words that follow the
    /// value in an error ("holds the control character U+000A at position 8"), or an empty string when the rule alone
    /// refused it (the expectation says the rest).
    /// </summary>
    public static string? Problem(ValueFormat format, string text, string baseDirectory)
    {
        var rule = Rules[format];
        if (ControlCharacter(text) is { } control)
        {
            return $"holds the control character {control}";
        }

        if (text.Length > rule.MaxLength)
        {
            return $"is {text.Length} characters long, more than the {rule.MaxLength} allowed";
        }

        if (rule.Accepts(text, baseDirectory))
        {
            return null;
        }

        if (format is ValueFormat.Address or ValueFormat.ServerNames or ValueFormat.Url or ValueFormat.PlainUrl or ValueFormat.ListenAddress or ValueFormat.HostAndPort or ValueFormat.GitRepository
            && text.Any(c => c > 0x7F))
        {
            return "holds non-ASCII characters" + (AsciiName(text) is { } ascii ? $"; an internationalised name is written in its ASCII form, here {ascii}" : string.Empty);
        }

        if (format is ValueFormat.ExistingFile or ValueFormat.ExistingDirectory or ValueFormat.MountableDirectory && text.Length > 0)
        {
            var file = LocalFile.Inspect(FullPath(text, baseDirectory));
            return file.Kind switch
            {
                LocalFileKind.Missing => "does not exist",
                LocalFileKind.Directory when format == ValueFormat.ExistingFile => "is a directory",
                LocalFileKind.Regular when format != ValueFormat.ExistingFile => "is a file",
                LocalFileKind.Other => "is not a regular file (a device, a pipe or a socket)",
                _ => string.Empty,
            };
        }

        return string.Empty;
    }

    /// <summary>The first character no text setting may hold, as "U+000A at position 8", or null.</summary>
    public static string? ControlCharacter(string text)
    {
        var index = 0;
        while (index < text.Length)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return $"U+{(int)text[index]:X4} (a lone surrogate) at position {index + 1}";
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse)
            {
                return $"U+{rune.Value:X4} at position {index + 1}";
            }

            index += consumed;
        }

        return null;
    }

    /// <summary>A value as an error shows it: quoted, control characters escaped, long values cut with their length.</summary>
    public static string Shown(string text)
    {
        const int Shown = 80;
        var builder = new StringBuilder("\"");
        foreach (var c in text.Length > Shown ? text[..Shown] : text)
        {
            var category = char.GetUnicodeCategory(c);
            builder.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                    or UnicodeCategory.Surrogate or UnicodeCategory.OtherNotAssigned or UnicodeCategory.PrivateUse => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        builder.Append('"');
        return text.Length > Shown ? builder.Append(CultureInfo.InvariantCulture, $"… ({text.Length} characters)").ToString() : builder.ToString();
    }

    /// <summary>The absolute form of a local path setting.</summary>
    public static string FullPath(string text, string baseDirectory) => System.IO.Path.GetFullPath(text, baseDirectory);

    /// <summary>A network in CIDR notation whose address has no bits set beyond the prefix.</summary>
    public static bool IsCidr(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IsAddress(text[..slash]) || !IPAddress.TryParse(text[..slash], out var address)
            || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
        {
            return false;
        }

        var bits = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        if (prefix < 0 || prefix > bits)
        {
            return false;
        }

        // A CIDR names a network: the address bits beyond the prefix must be zero (10.0.0.0/24, not 10.0.0.1/24).
        var bytes = address.GetAddressBytes();
        for (var bit = prefix; bit < bits; bit++)
        {
            if ((bytes[bit / 8] & (0x80 >> (bit % 8))) != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A strict IP address (four dotted numbers for IPv4, no zone) or an ASCII DNS host name.</summary>
    public static bool IsAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPv6Pattern().IsMatch(text) && IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        if (text.Length > 0 && text.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IsIPv4(text);
        }

        return HostNamePattern().IsMatch(text);
    }

    private static bool IsIPv4(string text) =>
        text.Split('.') is { Length: 4 } parts
        && parts.All(p => p.Length is > 0 and <= 3 && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255);

    private static bool IsListenAddress(string text, bool hostRequired)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || text.Length - colon - 1 > 5)
        {
            return false;
        }

        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return host.Length > 2 && host[1..^1].Contains(':', StringComparison.Ordinal) && IsAddress(host[1..^1]);
        }

        return host.Length == 0 ? !hostRequired : !host.Contains(':', StringComparison.Ordinal) && IsAddress(host);
    }

    private static bool IsUrl(string text) =>
        UrlCharactersPattern().IsMatch(text)
        && Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && text.StartsWith(uri.Scheme + "://", StringComparison.Ordinal)
        && IsAddress(uri.Host.Trim('[', ']'));

    private static bool IsHostPath(string text) =>
        HostPathPattern().IsMatch(text)
        && !text.Split('/').Skip(1).Any(name => name is "." or "..")
        && !SystemDirectories.Contains(text);

    private static bool IsRelativePath(string text) =>
        RelativePathPattern().IsMatch(text) && !text.Split('/').Any(name => name is "..");

    private static bool IsServerNames(string text)
    {
        var names = text.Split(' ');
        return names.Length is >= 1 and <= 16 && names.All(name => name switch
        {
            "_" => true,
            _ when name.StartsWith("*.", StringComparison.Ordinal) => HostNamePattern().IsMatch(name[2..]),
            _ when name.StartsWith('.') => HostNamePattern().IsMatch(name[1..]),
            _ when name.EndsWith(".*", StringComparison.Ordinal) => HostNamePattern().IsMatch(name[..^2]),
            _ => name.Length > 0 && !name.Contains(':', StringComparison.Ordinal) && IsAddress(name),
        });
    }

    private static bool IsGitRepository(string text)
    {
        if (!GitCharactersPattern().IsMatch(text) || text.StartsWith('-'))
        {
            return false;
        }

        if (text.StartsWith('/'))
        {
            return !text.Split('/').Any(name => name is "..");
        }

        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            return GitSchemes.Contains(text[..scheme], StringComparer.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out _);
        }

        // scp-like: [user@]host:path, where the host is a host name and the path does not start with '-'.
        return ScpLikePattern().Match(text) is { Success: true } match && IsAddress(match.Groups["host"].Value);
    }

    private static bool IsGitRef(string text) =>
        GitRefPattern().IsMatch(text)
        && !text.Contains("..", StringComparison.Ordinal) && !text.Contains("//", StringComparison.Ordinal) && !text.Contains("@{", StringComparison.Ordinal)
        && !text.EndsWith('/') && !text.EndsWith('.') && !text.EndsWith(".lock", StringComparison.Ordinal)
        && !text.Split('/').Any(name => name.StartsWith('.'));

    private static bool IsMountPath(string text, string baseDirectory)
    {
        if (text.Length == 0)
        {
            return false;
        }

        var full = FullPath(text, baseDirectory);
        return full != "/" && full.IndexOfAny([' ', ',', ':', '\t']) < 0;
    }

    /// <summary>The ASCII (IDNA) form of an internationalised host name, for the error that refuses it.</summary>
    private static string? AsciiName(string text)
    {
        try
        {
            return new IdnMapping().GetAscii(text);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+){1,3}([-+~][0-9A-Za-z.+~-]+)?\z")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{64}\z")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex(@"^[0-9a-fA-F]{40}\z")]
    private static partial Regex FingerprintPattern();

    [GeneratedRegex(@"^([0-9]+(ms|s|m|h|d|w|y))+\z")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?=.{1,253}\z)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\z")]
    private static partial Regex HostNamePattern();

    [GeneratedRegex(@"^[0-9A-Fa-f:.]{2,45}\z")]
    private static partial Regex IPv6Pattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-._~:/?\[\]@!&()*+,;=%]+\z")]
    private static partial Regex UrlCharactersPattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-._~:/?=@+%]+\z")]
    private static partial Regex PlainUrlPattern();

    [GeneratedRegex(@"^[a-z_][a-z0-9_-]{0,31}\z")]
    private static partial Regex AccountNamePattern();

    [GeneratedRegex(@"^(/[A-Za-z0-9._@+-]+)+\z")]
    private static partial Regex HostPathPattern();

    [GeneratedRegex(@"^[A-Za-z0-9._@+][A-Za-z0-9._@+-]*(/[A-Za-z0-9._@+-]+)*/?\z")]
    private static partial Regex RelativePathPattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?\z")]
    private static partial Regex ProjectPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,15}\z")]
    private static partial Regex InterfaceNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9\-._~:/?\[\]@!&()*+,;=%]+\z")]
    private static partial Regex GitCharactersPattern();

    [GeneratedRegex(@"^([A-Za-z0-9._-]+@)?(?<host>[A-Za-z0-9.-]+):(?!-)[A-Za-z0-9._~/+-]+\z")]
    private static partial Regex ScpLikePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._/-]*\z")]
    private static partial Regex GitRefPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9+.-]*://[!#%&(-\[\]-_a-~]*\z")]
    private static partial Regex DatabaseUrlPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?\z")]
    private static partial Regex DebianPackagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(\[[A-Za-z0-9._-]+(,[A-Za-z0-9._-]+)*\])?((===|==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!_-]+(,(===|==|!=|<=|>=|~=|<|>)[A-Za-z0-9.*+!_-]+)*)?\z")]
    private static partial Regex PipRequirementPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]*(:[A-Za-z0-9_][A-Za-z0-9._+-]*)?\z")]
    private static partial Regex JenkinsPluginPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex JenkinsIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9._-]*( [A-Za-z0-9._-]+)*\z")]
    private static partial Regex JenkinsNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}\z")]
    private static partial Regex LoginNamePattern();

    [GeneratedRegex(@"^[a-z0-9]([a-z0-9._-]*[a-z0-9])?(:[0-9]{1,5})?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?\z")]
    private static partial Regex ImagePattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex VolumeNamePattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+\z")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_.+@/-]{1,64}\z")]
    private static partial Regex AwsProfilePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9-]*\.[a-z0-9-]+\z")]
    private static partial Regex InstanceTypePattern();

    [GeneratedRegex(@"^ami-([0-9a-f]{8}|[0-9a-f]{17})\z")]
    private static partial Regex AmiPattern();

    [GeneratedRegex(@"^subnet-([0-9a-f]{8}|[0-9a-f]{17})\z")]
    private static partial Regex SubnetPattern();

    [GeneratedRegex(@"^[a-z]{2}(-[a-z]+)+-[0-9]+[a-z]\z")]
    private static partial Regex ZonePattern();

    [GeneratedRegex(@"^[0-9]{1,5}[mhd]\z")]
    private static partial Regex ScanIntervalPattern();
}
