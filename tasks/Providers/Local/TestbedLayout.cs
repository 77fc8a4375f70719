using System.Runtime.Versioning;
using System.Text.Json.Serialization;
using System.Text.Json;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>What the testbed records about a machine when it creates it.</summary>
/// <param name="Name">The host (and machine) name.</param>
/// <param name="RootFilesystem">The cached root filesystem it was created from: the lower layer of its overlay for good.</param>
/// <param name="HostKey">Its SSH host public key, "ssh-ed25519 AAAA..." without comment.</param>
/// <param name="CreatedUtc">When it was created.</param>
/// <param name="Release">The codename of its Debian release ("trixie"); absent in hosts created before releases were a choice.</param>
public sealed record MachineMetadata(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("rootFilesystem")] string RootFilesystem,
    [property: JsonPropertyName("hostKey")] string HostKey,
    [property: JsonPropertyName("createdUtc")] DateTime CreatedUtc,
    [property: JsonPropertyName("release")] string? Release = null);

/// <summary>
/// Where a host's files live below the state directory: <c>hosts/NAME/</c> with its disk (the overlay's upper and
/// work directories), the merged root it boots from, its metadata, the PID of its systemd-nspawn and its console log.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TestbedLayout(LocalTestbedOptions options, string hostName)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The directory of all hosts of a testbed.</summary>
    public static string HostsDirectory(LocalTestbedOptions options) => Path.Combine(options.StateDirectory, "hosts");

    /// <summary>The host's name.</summary>
    public string HostName => hostName;

    /// <summary>The host's directory; deleting it deletes the host's disk.</summary>
    public string Directory => Path.Combine(HostsDirectory(options), hostName);

    /// <summary>The overlay's upper directory: every file the host changed.</summary>
    public string UpperDirectory => Path.Combine(Directory, "upper");

    /// <summary>The overlay's work directory (same filesystem as the upper one, as overlayfs requires).</summary>
    public string WorkDirectory => Path.Combine(Directory, "work");

    /// <summary>The mount point of the merged filesystem the host boots from.</summary>
    public string RootDirectory => Path.Combine(Directory, "root");

    /// <summary>The PID file of the host's systemd-nspawn.</summary>
    public string PidFile => Path.Combine(Directory, "nspawn.pid");

    /// <summary>Everything the host's console printed, across boots.</summary>
    public string ConsoleLog => Path.Combine(Directory, "console.log");

    /// <summary>The lock held while the host is started, stopped or destroyed; outside the host's directory, which may be deleted.</summary>
    public string LockFile => Path.Combine(options.StateDirectory, "locks", $"host-{hostName}.lock");

    private string MetadataFile => Path.Combine(Directory, "host.json");

    /// <summary>The host's metadata, or null when the host was never completely created.</summary>
    public MachineMetadata? ReadMetadata() =>
        File.Exists(MetadataFile) ? JsonSerializer.Deserialize<MachineMetadata>(File.ReadAllText(MetadataFile), JsonOptions) : null;

    /// <summary>Records the host's metadata; written last when a host is created, so that it marks a complete host.</summary>
    public void WriteMetadata(MachineMetadata metadata) => AtomicFile.WriteAllText(MetadataFile, JsonSerializer.Serialize(metadata, JsonOptions));
}
