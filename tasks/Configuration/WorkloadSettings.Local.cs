namespace Workload.Configuration;

/// <summary>Settings of the local provider: systemd hosts booted on this machine (see tests/testbed/README.md).</summary>
public sealed partial class WorkloadSettings
{
    [Setting("Local provider", "Directory of the local testbed's state: host disks (overlay upper directories), address book, logs, the apt proxy's cache.")]
    [Format(ValueFormat.MountPath)]
    public string LocalStateDirectory { get; init; } = "/var/lib/workload-testbed";

    [Setting("Local provider", "Debian release of the hosts the local provider creates: 13 (trixie) or 12 (bookworm). A host keeps the release it was created with; Destroy it to change.")]
    [OneOf("13", "12")]
    public string LocalDebianRelease { get; init; } = "13";

    [Setting("Local provider", "Directory where the hosts' root filesystems (one per Debian release, debootstrap) are built once and reused; may be shared by several state directories.")]
    [Format(ValueFormat.MountPath)]
    public string LocalRootfsCache { get; init; } = "/var/cache/workload-testbed/rootfs";

    [Setting("Local provider", "IPv4 network of the testbed bridge; this machine takes its first address, the hosts the next ones. Must not overlap a network this machine uses.")]
    [Format(ValueFormat.Cidr)]
    public string LocalSubnet { get; init; } = "10.231.0.0/24";

    [Setting("Local provider", "Name of the bridge interface that connects the hosts with each other and with this machine (at most 15 characters).")]
    [Format(ValueFormat.InterfaceName)]
    public string LocalBridge { get; init; } = "wl-br0";

    [Setting("Local provider", "Directory served over HTTP to the hosts at http://<bridge address>:<localMirrorPort>/ (downloads the hosts cannot fetch from the internet).")]
    [Format(ValueFormat.MountPath)]
    public string LocalMirrorDirectory { get; init; } = "/var/lib/workload-testbed/mirror";

    [Setting("Local provider", "Port of the apt proxy (apt-cacher-ng) on the bridge address.")]
    [Format(ValueFormat.Port)]
    public int LocalProxyPort { get; init; } = 3142;

    [Setting("Local provider", "Port of the mirror's HTTP server on the bridge address.")]
    [Format(ValueFormat.Port)]
    public int LocalMirrorPort { get; init; } = 8081;

    [Setting("Local provider", "Seconds a host may take to boot until sshd answers and systemd reports running.")]
    [Range(10, 3600)]
    public int LocalBootTimeoutSeconds { get; init; } = 180;
}
