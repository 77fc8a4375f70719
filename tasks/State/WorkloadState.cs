using System.Text.Json.Serialization;

namespace Workload.State;

/// <summary>What provisioning learnt about the hosts, kept between runs so any task can run alone.</summary>
public sealed class WorkloadState
{
    /// <summary>Marks the file as ours; any other value makes the file foreign.</summary>
    public const string CurrentFormat = "microblog-workload-state/1";

    [JsonPropertyName("format")]
    public string Format { get; set; } = CurrentFormat;

    [JsonPropertyName("project")]
    public string Project { get; set; } = string.Empty;

    [JsonPropertyName("provider")]
    public string Provider { get; set; } = string.Empty;

    /// <summary>The hosts by role: <c>jenkins</c> and <c>monitoring</c>.</summary>
    [JsonPropertyName("hosts")]
    public SortedDictionary<string, HostRecord> Hosts { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Provider-specific identifiers (security group ids, key pair name), never secrets.</summary>
    [JsonPropertyName("resources")]
    public SortedDictionary<string, string> Resources { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One host as provisioning left it.</summary>
public sealed class HostRecord
{
    /// <summary>Instance id, machine name, or the address for existing hosts.</summary>
    [JsonPropertyName("id")]
    public string Id { get; set; } = string.Empty;

    [JsonPropertyName("publicAddress")]
    public string PublicAddress { get; set; } = string.Empty;

    [JsonPropertyName("privateAddress")]
    public string PrivateAddress { get; set; } = string.Empty;

    [JsonPropertyName("user")]
    public string User { get; set; } = string.Empty;

    [JsonPropertyName("port")]
    public int Port { get; set; } = 22;

    /// <summary>The path of the private key used to log in (the key itself never enters the state).</summary>
    [JsonPropertyName("keyFile")]
    public string KeyFile { get; set; } = string.Empty;

    /// <summary>The host's public SSH key as "type base64", pinned at provisioning.</summary>
    [JsonPropertyName("hostKey")]
    public string? HostKey { get; set; }
}
