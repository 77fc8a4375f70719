using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Workload.Downloads;

/// <summary>
/// Downloads found reachable lately, so that a re-run does not ask every URL again (setting downloadRecheckMinutes;
/// 0 checks every run). It sits beside the state file and is written only where the state file's directory already
/// exists: a first run, a plan before anything exists and a failed preflight write nothing. A download is known by
/// its setting, URL, probes, where it is fetched from and how: change any of them and it is checked again. A corrupt
/// or foreign file is the same as none.
/// </summary>
public sealed class DownloadCheckCache(string path, TimeSpan freshFor, Func<DateTimeOffset> now)
{
    private const string Format = "microblog-workload-download-checks/1";

    private Dictionary<string, DateTimeOffset>? _checks;

    public static DownloadCheckCache For(Configuration.WorkloadSettings settings) =>
        new(
            Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.StateFile))!, "downloads-checked.json"),
            TimeSpan.FromMinutes(settings.DownloadRecheckMinutes),
            () => DateTimeOffset.UtcNow);

    public string FilePath => path;

    /// <summary>Whether <paramref name="download"/>, fetched through <paramref name="route"/>, was found reachable less than the setting's minutes ago.</summary>
    public bool IsFresh(Download download, string route)
    {
        if (freshFor <= TimeSpan.Zero)
        {
            return false;
        }

        // The file is read once per run, however many downloads ask.
        _checks ??= Read();
        return _checks.TryGetValue(Key(download, route), out var checkedAt) && now() - checkedAt < freshFor && checkedAt <= now();
    }

    /// <summary>Records <paramref name="reachable"/> as checked now, keeping the other fresh entries.</summary>
    public void Remember(IEnumerable<(Download Download, string Route)> reachable)
    {
        var directory = Path.GetDirectoryName(path)!;
        if (freshFor <= TimeSpan.Zero || !Directory.Exists(directory))
        {
            return;
        }

        var at = now();
        var checks = (_checks ?? Read()).Where(entry => at - entry.Value < freshFor).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        foreach (var (download, route) in reachable)
        {
            checks[Key(download, route)] = at;
        }

        _checks = checks;

        var document = new Dictionary<string, object>
        {
            ["format"] = Format,
            ["checked"] = checks.ToDictionary(e => e.Key, e => e.Value.ToString("O", CultureInfo.InvariantCulture)),
        };
        Common.AtomicFile.WriteAllText(path, JsonSerializer.Serialize(document));
    }

    private Dictionary<string, DateTimeOffset> Read()
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.GetProperty("format").GetString() != Format)
            {
                return [];
            }

            return document.RootElement.GetProperty("checked").EnumerateObject()
                .Where(p => DateTimeOffset.TryParse(p.Value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                .ToDictionary(p => p.Name, p => DateTimeOffset.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal), StringComparer.Ordinal);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return [];
        }
    }

    private static string Key(Download download, string route)
    {
        var identity = string.Join('\n', [download.Setting, download.Url, download.Host?.ToString() ?? "this machine", download.Kind.ToString(), route, .. download.Probes]);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }
}
