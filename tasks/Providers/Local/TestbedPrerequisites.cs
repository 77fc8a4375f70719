using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>A testbed cannot work on this machine as it is; the message says what to install or change.</summary>
public sealed class TestbedPrerequisiteException(string message) : Exception(message);

/// <summary>Checks, before anything is touched, that this machine can run a testbed: root, and the programs it drives.</summary>
[SupportedOSPlatform("linux")]
public static class TestbedPrerequisites
{
    /// <summary>Each program the testbed runs, with the Debian package that provides it.</summary>
    public static IReadOnlyList<(string Program, string Package)> Programs { get; } =
    [
        ("systemd-nspawn", "systemd-container"),
        ("debootstrap", "debootstrap"),
        ("apt-cacher-ng", "apt-cacher-ng"),
        ("ip", "iproute2"),
        ("ssh-keygen", "openssh-client"),
        ("busybox", "busybox"),
        ("nsenter", "util-linux"),
        ("setsid", "util-linux"),
        ("mount", "mount"),
        ("chroot", "coreutils"),
    ];

    /// <summary>Throws <see cref="TestbedPrerequisiteException"/> listing everything missing, with the command that installs it.</summary>
    public static void Check()
    {
        var problems = new List<string>();
        if (!Environment.IsPrivilegedProcess)
        {
            problems.Add("the testbed must run as root (it creates network namespaces, a bridge and mounts, and boots containers); run it with sudo or as root");
        }

        var missing = Programs.Where(p => ExecutableLocator.Find(p.Program) is null).ToList();
        if (missing.Count > 0)
        {
            var packages = string.Join(' ', missing.Select(p => p.Package).Distinct(StringComparer.Ordinal));
            problems.Add($"missing programs: {string.Join(", ", missing.Select(p => p.Program))}. Install them with: " +
                $"apt-get install -y {packages} (or run tests/testbed/prerequisites.sh, which installs everything the testbed needs)");
        }

        if (problems.Count > 0)
        {
            throw new TestbedPrerequisiteException(
                "The local testbed cannot run on this machine:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
        }
    }
}
