namespace Workload.Configuration;

/// <summary>
/// Where the hosts come from, read once from the <c>provider</c> setting. What differs between providers is a
/// property here, so no other file compares the setting's string: the factory of the provider itself is
/// <c>Context.HostProviders</c>.
/// </summary>
public sealed class ProviderKind
{
    /// <summary>Systemd hosts of the testbed on this machine.</summary>
    public static readonly ProviderKind Local = new(LocalName, makesHosts: true, hostsReachOnlyThisMachine: true, uploadsPublicKey: false);

    /// <summary>EC2 instances.</summary>
    public static readonly ProviderKind Aws = new(AwsName, makesHosts: true, hostsReachOnlyThisMachine: false, uploadsPublicKey: true);

    /// <summary>Hosts that already exist, at the addresses the configuration gives.</summary>
    public static readonly ProviderKind Existing = new(ExistingName, makesHosts: false, hostsReachOnlyThisMachine: false, uploadsPublicKey: false);

    public const string LocalName = "local";
    public const string AwsName = "aws";
    public const string ExistingName = "existing";

    private ProviderKind(string name, bool makesHosts, bool hostsReachOnlyThisMachine, bool uploadsPublicKey)
    {
        Name = name;
        MakesHosts = makesHosts;
        HostsReachOnlyThisMachine = hostsReachOnlyThisMachine;
        UploadsPublicKey = uploadsPublicKey;
    }

    /// <summary>Every provider, in the order the setting lists them.</summary>
    public static IReadOnlyList<ProviderKind> All { get; } = [Local, Aws, Existing];

    /// <summary>The setting's value, as written in the configuration and the state file.</summary>
    public string Name { get; }

    /// <summary>
    /// The provider makes the hosts (and so may delete them with Destroy, and generates the SSH key when there is
    /// none); otherwise the hosts and their key exist beforehand, at addresses the configuration gives.
    /// </summary>
    public bool MakesHosts { get; }

    /// <summary>The hosts reach this machine only (the testbed): downloads must come from its mirror.</summary>
    public bool HostsReachOnlyThisMachine { get; }

    /// <summary>The provider registers <c>publicKeyFile</c> with the cloud (an EC2 key pair).</summary>
    public bool UploadsPublicKey { get; }

    /// <summary>The kind the settings name; the setting's format has already refused any other value.</summary>
    public static ProviderKind Of(WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Named(settings.Provider);
    }

    /// <summary>The kind of this name, or null for a value the setting's format refuses.</summary>
    public static ProviderKind? Find(string? name) => All.FirstOrDefault(k => k.Name == name);

    /// <summary>The kind of this name.</summary>
    public static ProviderKind Named(string name) =>
        Find(name)
        ?? throw new ConfigurationException($"provider: got \"{name}\", expected one of: {string.Join(", ", All.Select(k => k.Name))}");

    public override string ToString() => Name;
}
