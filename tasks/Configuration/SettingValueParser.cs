using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workload.Configuration;

/// <summary>Turns a raw value (a JSON element, or text from the environment or the command line) into a typed, checked one.</summary>
public static partial class SettingValueParser
{
    /// <summary>Converts a JSON value; returns an error message naming what was expected, or null.</summary>
    public static string? TryFromJson(SettingDefinition setting, JsonElement element, string baseDirectory, out object? value)
    {
        value = null;
        var type = setting.ValueType;
        if (type == typeof(List<string>))
        {
            if (element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
            {
                value = element.EnumerateArray().Select(e => e.GetString()!).ToList();
                return null;
            }

            return Expected(setting, element.GetRawText());
        }

        if (type == typeof(Dictionary<string, string>))
        {
            if (element.ValueKind == JsonValueKind.Object && element.EnumerateObject().All(p => p.Value.ValueKind == JsonValueKind.String))
            {
                value = element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
                return null;
            }

            return Expected(setting, element.GetRawText());
        }

        if (type == typeof(bool))
        {
            if (element.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                value = element.GetBoolean();
                return null;
            }

            return Expected(setting, element.GetRawText());
        }

        if (type == typeof(int))
        {
            if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
            {
                return CheckInt(setting, number, element.GetRawText(), out value);
            }

            return Expected(setting, element.GetRawText());
        }

        if (element.ValueKind == JsonValueKind.Null && setting.Property.PropertyType != type)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return Expected(setting, element.GetRawText());
        }

        return TryFromText(setting, element.GetString()!, baseDirectory, out value);
    }

    /// <summary>Converts text from an environment variable or an argument; returns an error message, or null.</summary>
    public static string? TryFromText(SettingDefinition setting, string text, string baseDirectory, out object? value)
    {
        value = null;
        var type = setting.ValueType;
        var shown = setting.IsSecret ? "***" : $"\"{text}\"";
        if (type == typeof(List<string>))
        {
            value = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            return null;
        }

        if (type == typeof(Dictionary<string, string>))
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    return Expected(setting, shown);
                }

                map[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
            }

            value = map;
            return null;
        }

        if (type == typeof(bool))
        {
            // A bare flag (--plan) arrives as empty text and means true.
            if (text.Length == 0)
            {
                value = true;
                return null;
            }

            if (bool.TryParse(text, out var flag))
            {
                value = flag;
                return null;
            }

            return Expected(setting, shown);
        }

        if (type == typeof(int))
        {
            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number)
                ? CheckInt(setting, number, shown, out value)
                : Expected(setting, shown);
        }

        if (type == typeof(Secret))
        {
            value = new Secret(text);
            return text.Length == 0 ? $"{setting.Key} is set but empty; expected a non-empty secret" : null;
        }

        if (setting.Allowed is not null && !setting.Allowed.Contains(text, StringComparer.Ordinal))
        {
            return Expected(setting, shown);
        }

        if (!IsWellFormed(setting.Format, text, baseDirectory))
        {
            return Expected(setting, shown);
        }

        value = setting.Format is ValueFormat.Path or ValueFormat.ExistingFile or ValueFormat.ExistingDirectory
            ? System.IO.Path.GetFullPath(text, baseDirectory)
            : text;
        return null;
    }

    private static string? CheckInt(SettingDefinition setting, int number, string shown, out object? value)
    {
        value = null;
        var (minimum, maximum) = setting.Format == ValueFormat.Port
            ? (1, 65535)
            : (setting.Range?.Minimum ?? int.MinValue, setting.Range?.Maximum ?? int.MaxValue);
        if (number < minimum || number > maximum)
        {
            return Expected(setting, shown);
        }

        value = number;
        return null;
    }

    private static string Expected(SettingDefinition setting, string shown) =>
        $"{setting.Key}: got {shown}, expected {setting.Expectation()}";

    /// <summary>Whether text has the shape a format asks for (paths that must exist are checked against the disk).</summary>
    public static bool IsWellFormed(ValueFormat format, string text, string baseDirectory) => format switch
    {
        ValueFormat.Text => true,
        ValueFormat.Cidr => IsCidr(text),
        ValueFormat.Address => IsAddress(text),
        ValueFormat.Url => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0,
        ValueFormat.ExistingFile => text.Length > 0 && File.Exists(System.IO.Path.GetFullPath(text, baseDirectory)),
        ValueFormat.ExistingDirectory => text.Length > 0 && Directory.Exists(System.IO.Path.GetFullPath(text, baseDirectory)),
        ValueFormat.Path => text.Length > 0 && text.IndexOfAny(System.IO.Path.GetInvalidPathChars()) < 0,
        ValueFormat.Version => VersionPattern().IsMatch(text),
        ValueFormat.Sha256 => Sha256Pattern().IsMatch(text),
        ValueFormat.PgpFingerprint => FingerprintPattern().IsMatch(text.Replace(" ", string.Empty, StringComparison.Ordinal)),
        ValueFormat.ListenAddress => IsListenAddress(text),
        ValueFormat.Duration => DurationPattern().IsMatch(text),
        ValueFormat.Port => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536,
        _ => false,
    };

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

    /// <summary>A strict IP address (four dotted numbers for IPv4) or a DNS host name.</summary>
    public static bool IsAddress(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6;
        }

        if (text.All(c => char.IsAsciiDigit(c) || c == '.'))
        {
            return IsIPv4(text);
        }

        return HostNamePattern().IsMatch(text);
    }

    private static bool IsIPv4(string text) =>
        text.Split('.') is { Length: 4 } parts
        && parts.All(p => p.Length is > 0 and <= 3 && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 255);

    private static bool IsListenAddress(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        return host.Length == 0 || IsAddress(host);
    }

    [GeneratedRegex(@"^\d+(\.\d+){1,3}([-+~][0-9A-Za-z.+~-]+)?$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex("^[0-9a-fA-F]{64}$")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[0-9a-fA-F]{40}$")]
    private static partial Regex FingerprintPattern();

    [GeneratedRegex(@"^(\d+(ms|s|m|h|d|w|y))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$")]
    private static partial Regex HostNamePattern();
}
