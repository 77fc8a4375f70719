using Workload.Downloads;

namespace Workload.Tests.Downloads;

/// <summary>What the download preflight remembers between runs, and when it asks a URL again.</summary>
public sealed class DownloadCheckCacheTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("workload-download-cache-").FullName;
    private DateTimeOffset _now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Download Key(string url = "http://10.0.0.1:8081/node_exporter.tar.gz") =>
        Download.File("nodeExporterBaseUrl", url, "node exporter", HostRole.Jenkins);

    private DownloadCheckCache Cache(string? directory = null, int minutes = 60) =>
        new(Path.Combine(directory ?? _directory, "downloads-checked.json"), TimeSpan.FromMinutes(minutes), () => _now);

    [Fact]
    public void A_download_found_reachable_is_fresh_until_the_setting_s_minutes_have_passed()
    {
        Cache().Remember([(Key(), "route")]);

        _now = _now.AddMinutes(59);
        Assert.True(Cache().IsFresh(Key(), "route"));
        _now = _now.AddMinutes(2);
        Assert.False(Cache().IsFresh(Key(), "route"));
    }

    [Fact]
    public void Another_url_or_route_is_checked_again()
    {
        Cache().Remember([(Key(), "route")]);

        Assert.False(Cache().IsFresh(Key("http://10.0.0.1:8081/other.tar.gz"), "route"));
        Assert.False(Cache().IsFresh(Key(), "another route"));
    }

    [Fact]
    public void Zero_minutes_checks_every_run_and_writes_nothing()
    {
        Cache(minutes: 0).Remember([(Key(), "route")]);

        Assert.False(File.Exists(Path.Combine(_directory, "downloads-checked.json")));
        Assert.False(Cache(minutes: 0).IsFresh(Key(), "route"));
    }

    [Fact]
    public void Nothing_is_written_where_the_state_file_s_directory_does_not_exist_yet()
    {
        var missing = Path.Combine(_directory, ".workload");

        Cache(missing).Remember([(Key(), "route")]);

        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void A_corrupt_or_foreign_file_is_the_same_as_none()
    {
        var path = Path.Combine(_directory, "downloads-checked.json");
        File.WriteAllText(path, "{ not json");
        Assert.False(Cache().IsFresh(Key(), "route"));
        File.WriteAllText(path, """{"format":"something-else/1","checked":{}}""");
        Assert.False(Cache().IsFresh(Key(), "route"));

        Cache().Remember([(Key(), "route")]);
        Assert.True(Cache().IsFresh(Key(), "route"));
    }

    [Fact]
    public void A_check_dated_in_the_future_is_not_trusted()
    {
        _now = _now.AddHours(2);
        Cache().Remember([(Key(), "route")]);
        _now = _now.AddHours(-2);

        Assert.False(Cache().IsFresh(Key(), "route"));
    }
}
