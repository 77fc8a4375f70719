using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Workload.Resources;

namespace Workload.Tests.Hosts;

/// <summary>
/// A release tarball built here and served by the testbed's mirror server: downloaded on the host, checked against its
/// sha256sums.txt or a pinned digest, and installed only when the digest matches.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class ReleaseDownloadTests(TestbedFixture fixture) : IDisposable
{
    private readonly string _id = ResourceHost.UniqueId();

    private string Served => Path.Combine(TestbedFixture.DefaultOptions().MirrorDirectory, $"restests-{_id}");

    private string BaseUrl => new Uri(TestbedFixture.DefaultOptions().MirrorUrl, $"restests-{_id}/").ToString();

    private string Binary => $"/usr/local/bin/restests-hello-{_id}";

    [Fact]
    public async Task A_release_listed_in_its_sha256sums_is_downloaded_checked_and_installed()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var sha256 = Publish("hello-1.0.tar.gz", listedAs: "hello-1.0.tar.gz");

        var plan = await host.ConvergeAsync(Download("hello-1.0.tar.gz", pinned: null));

        Assert.Equal(
            $"download restests-hello-{_id} from {BaseUrl}hello-1.0.tar.gz, check its SHA-256 in {BaseUrl}sha256sums.txt, install {Binary}",
            Assert.Single(plan.Changes).Summary);
        Assert.Equal($"hello {_id}\n", await host.RootAsync(Binary));
        Assert.Equal("regular file root:root 755", await host.StatAsync(Binary));
        Assert.Equal(ResourceHost.Sha256(Script), await host.Sha256OfFileAsync(Binary));
        Assert.Contains($"sha256={sha256}", await host.RootAsync($"cat /var/lib/microblog-workload/downloads/restests-hello-{_id}.stamp"), StringComparison.Ordinal);

        // A binary changed on the host is drift: the next run installs the release again.
        await host.RootAsync($"echo 'echo tampered' >> {Binary}");
        Assert.Single((await host.ConvergeAsync(Download("hello-1.0.tar.gz", pinned: null))).Changes);
        Assert.Equal(ResourceHost.Sha256(Script), await host.Sha256OfFileAsync(Binary));
    }

    [Fact]
    public async Task A_release_whose_pinned_sha256_does_not_match_installs_nothing()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        var sha256 = Publish("hello-1.0.tar.gz", listedAs: "hello-1.0.tar.gz");
        var wrong = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("something else")));

        var error = await host.ApplyFailingAsync(Download("hello-1.0.tar.gz", pinned: wrong));

        Assert.Contains($"checksum mismatch for hello-1.0.tar.gz: expected {wrong}, got {sha256}; nothing installed", error.Message, StringComparison.Ordinal);
        Assert.False(await host.ExistsAsync(Binary));
        Assert.False(await host.ExistsAsync($"/var/lib/microblog-workload/downloads/restests-hello-{_id}.stamp"));
        Assert.Equal(string.Empty, await host.LeftoversAsync("/usr/local/bin"));

        // The right pin installs it.
        var pinned = Assert.Single((await host.ConvergeAsync(Download("hello-1.0.tar.gz", pinned: sha256))).Changes);
        Assert.Contains($"check SHA-256 {sha256}", pinned.Summary, StringComparison.Ordinal);
        Assert.Equal($"hello {_id}\n", await host.RootAsync(Binary));
    }

    [Fact]
    public async Task A_release_missing_from_its_sha256sums_fails_naming_both()
    {
        await using var host = await ResourceHost.OpenAsync(fixture);
        Publish("hello-1.0.tar.gz", listedAs: "hello-0.9.tar.gz");

        var error = await host.ApplyFailingAsync(Download("hello-1.0.tar.gz", pinned: null));

        Assert.Contains($"hello-1.0.tar.gz is not listed in {BaseUrl}sha256sums.txt", error.Message, StringComparison.Ordinal);
        Assert.False(await host.ExistsAsync(Binary));
    }

    public void Dispose()
    {
        if (Directory.Exists(Served))
        {
            Directory.Delete(Served, recursive: true);
        }
    }

    private string Script => $"#!/bin/sh\necho hello {_id}\n";

    private ReleaseDownload Download(string fileName, string? pinned) => new(
        $"restests-hello-{_id}",
        BaseUrl + fileName,
        pinned,
        BaseUrl + "sha256sums.txt",
        [new ArchiveMember("hello-1.0/bin/hello", Binary, new FileOwnership("root", "root", "0755"))]);

    /// <summary>Writes the tarball (upstream layout: one top directory) and a sha256sums.txt that lists it under <paramref name="listedAs"/>; returns its SHA-256.</summary>
    private string Publish(string fileName, string listedAs)
    {
        Directory.CreateDirectory(Served);
        var archive = Path.Combine(Served, fileName);
        using (var file = File.Create(archive))
        using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "hello-1.0/") { Mode = (UnixFileMode)0b111_101_101 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "hello-1.0/bin/") { Mode = (UnixFileMode)0b111_101_101 });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "hello-1.0/bin/hello")
            {
                Mode = (UnixFileMode)0b111_101_101,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(Script)),
            });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "hello-1.0/README") { DataStream = new MemoryStream("a test release\n"u8.ToArray()) });
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(archive)));
        File.WriteAllText(Path.Combine(Served, "sha256sums.txt"), $"{new string('0', 64)}  other-1.0.tar.gz\n{sha256}  {listedAs}\n");
        return sha256;
    }
}
