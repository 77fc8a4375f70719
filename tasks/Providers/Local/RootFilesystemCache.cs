using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// The hosts' root filesystem of one Debian release (minbase) with what an Ubuntu EC2 image has and the tasks rely
/// on, a login user <c>ubuntu</c> with passwordless sudo, sshd enabled and no host keys. Built once per release and
/// recipe into the cache (<c>CODENAME-RECIPE</c>, so the releases sit side by side) and used read-only as the lower
/// layer of every host's overlay. The build happens in a temporary directory that is renamed into place at the end,
/// so an interrupted build never leaves a half cache behind.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class RootFilesystemCache(string cacheDirectory, DebianRelease release, Action<string> progress)
{
    /// <summary>The Debian release of the hosts made from it.</summary>
    public DebianRelease Release => release;

    private string Suite => release.Codename;

    /// <summary>Where debootstrap fetches packages (reachable from this machine, not from the hosts).</summary>
    public const string ArchiveUrl = "http://deb.debian.org/debian";

    /// <summary>The login user, as on Ubuntu's EC2 images.</summary>
    public const string LoginUser = "ubuntu";

    /// <summary>Packages beyond minbase. Each is on an Ubuntu EC2 image and some task relies on it.</summary>
    public static IReadOnlyList<string> Packages { get; } =
    [
        "systemd", "systemd-sysv", "dbus", "openssh-server", "sudo", "python3", "iproute2",
        "curl", "ca-certificates", "gnupg", "git", "procps",
    ];

    // Raise when the customisation below changes, so that existing caches are not taken for the new recipe.
    private const int CustomisationVersion = 1;

    private const string SudoersDropIn = "/etc/sudoers.d/90-cloud-init-users";

    /// <summary>The cache directory of the current recipe; its name changes with the recipe.</summary>
    public string RootPath => Path.Combine(cacheDirectory, $"{Suite}-{RecipeId}");

    /// <summary>Whether the root filesystem of the current recipe is built.</summary>
    public bool IsBuilt => Directory.Exists(RootPath);

    private string RecipeId
    {
        get
        {
            var recipe = $"{Suite}|{ArchiveUrl}|{string.Join(',', Packages)}|{CustomisationVersion}";
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipe)))[..12];
        }
    }

    /// <summary>Returns the root filesystem's path, building it first when the cache does not hold it.</summary>
    public async Task<string> EnsureAsync(CancellationToken cancellationToken)
    {
        if (IsBuilt)
        {
            return RootPath;
        }

        using var buildLock = await FileLock.AcquireAsync(
            Path.Combine(cacheDirectory, ".build.lock"), "building the root filesystem", progress, TimeSpan.FromMinutes(30), cancellationToken)
            .ConfigureAwait(false);
        if (IsBuilt)
        {
            return RootPath;
        }

        // Holding the lock, no other build is running: what is left of earlier builds was interrupted.
        foreach (var leftover in Directory.GetDirectories(cacheDirectory, ".building-*"))
        {
            progress($"Removing an interrupted root filesystem build: {leftover}");
            await MountTable.DeleteTreeAsync(leftover, cancellationToken).ConfigureAwait(false);
        }

        var building = Path.Combine(cacheDirectory, $".building-{Suite}-{RecipeId}-{Environment.ProcessId}");
        progress($"Building the hosts' root filesystem ({release.Name}: debootstrap {Suite}, about a minute plus downloads) into {RootPath}");
        try
        {
            var debootstrap = await ProcessRunner.TryRunAsync(
                "debootstrap",
                ["--variant=minbase", $"--include={string.Join(',', Packages)}", Suite, building, ArchiveUrl],
                cancellationToken,
                timeout: TimeSpan.FromMinutes(30)).ConfigureAwait(false);
            if (!debootstrap.Succeeded)
            {
                // The reason is often only in debootstrap's own log, which goes with the temporary directory.
                throw new InvalidOperationException(
                    new CommandFailedException(debootstrap).Message + Environment.NewLine + "The end of debootstrap's log:" + Environment.NewLine +
                    TextTail.OfFile(Path.Combine(building, "debootstrap", "debootstrap.log"), 15));
            }

            await CustomiseAsync(building, cancellationToken).ConfigureAwait(false);
            Directory.Move(building, RootPath);
        }
        catch
        {
            await MountTable.DeleteTreeAsync(building, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        progress($"Root filesystem ready: {RootPath}");
        return RootPath;
    }

    private static async Task CustomiseAsync(string root, CancellationToken cancellationToken)
    {
        Task<ProcessResult> InRoot(params string[] command) =>
            ProcessRunner.RunAsync("chroot", [root, .. command], cancellationToken);

        // The EC2 login user: sudo without a password, as cloud-init configures it there.
        await InRoot("useradd", "--create-home", "--shell", "/bin/bash", "--groups", "sudo,adm", LoginUser).ConfigureAwait(false);
        AtomicFile.WriteAllText(
            ContainerPath.Of(root, SudoersDropIn),
            $"# As on Ubuntu's EC2 images (cloud-init): the login user runs anything through sudo without a password.\n{LoginUser} ALL=(ALL) NOPASSWD:ALL\n",
            UnixFileMode.UserRead | UnixFileMode.GroupRead);
        await InRoot("visudo", "--check", "--file", SudoersDropIn).ConfigureAwait(false);
        await InRoot("systemctl", "enable", "ssh.service").ConfigureAwait(false);

        // Host keys are made per host before its first boot, so that each host has its own and the tool can pin it.
        foreach (var key in Directory.GetFiles(ContainerPath.Of(root, "/etc/ssh"), "ssh_host_*"))
        {
            File.Delete(key);
        }

        AtomicFile.WriteAllText(
            ContainerPath.Of(root, "/etc/ssh/sshd_config.d/10-testbed-host-key.conf"),
            "# The testbed gives each host one ed25519 key; without this sshd complains about the missing others.\nHostKey /etc/ssh/ssh_host_ed25519_key\n");

        // Identity is per host: an empty machine-id and no hostname here; each host writes its own.
        AtomicFile.WriteAllText(ContainerPath.Of(root, "/etc/machine-id"), string.Empty, AtomicFile.DefaultMode & ~(UnixFileMode.UserWrite));
        File.Delete(ContainerPath.Of(root, "/etc/hostname"));
        await InRoot("apt-get", "clean").ConfigureAwait(false);
    }
}
