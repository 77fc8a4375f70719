using System.Text;
using Amazon.EC2.Model;
using Workload.Aws;

namespace Workload.Tests.Aws;

/// <summary>One instance of <see cref="Ec2Double"/>, with what the tool launched it with.</summary>
public sealed class InstanceRecord
{
    public required string Id { get; init; }

    public string State { get; private set; } = "pending";

    /// <summary>Ticks spent in the current state.</summary>
    public int TicksInState { get; private set; }

    public int HiddenTicks { get; set; }

    public required string ImageId { get; init; }

    public required string InstanceType { get; init; }

    public string? KeyName { get; init; }

    public required List<string> GroupIds { get; init; }

    public required string VpcId { get; init; }

    public required string PublicAddress { get; init; }

    public required string PrivateAddress { get; init; }

    public string HttpTokens { get; set; } = "optional";

    public bool RootEncrypted { get; init; }

    public int RootVolumeGiB { get; init; }

    public string RootVolumeType { get; init; } = "gp2";

    public string? ClientToken { get; init; }

    public List<Tag> Tags { get; init; } = [];

    public List<Tag> VolumeTags { get; init; } = [];

    public required SshPublicKey HostKey { get; init; }

    public required SshPublicKey EcdsaHostKey { get; init; }

    public string? Tag(string key) => Tags.FirstOrDefault(t => t.Key == key)?.Value;

    public void MoveTo(string state)
    {
        State = state;
        TicksInState = 0;
    }

    public void Tick(Ec2Double ec2)
    {
        TicksInState++;
        HiddenTicks--;
        if (State == "pending" && TicksInState >= ec2.TicksToRunning)
        {
            MoveTo("running");
        }
        else if (State == "stopping" && TicksInState >= 1)
        {
            MoveTo("stopped");
        }
        else if (State == "shutting-down" && TicksInState >= ec2.TicksToTerminated)
        {
            MoveTo("terminated");
        }
    }

    /// <summary>What Ubuntu's console shows after cloud-init's first boot: fingerprints (behind syslog prefixes), then the keys.</summary>
    public string ConsoleText()
    {
        var host = $"root@ip-{PrivateAddress.Replace('.', '-')}";
        var text = new StringBuilder();
        text.Append("[   12.345678] cloud-init[812]: Cloud-init v. 25.1 running 'modules:final'\r\n");
        text.Append("<14>Nov 24 10:00:00 ec2: #############################################################\r\n");
        text.Append("<14>Nov 24 10:00:00 ec2: -----BEGIN SSH HOST KEY FINGERPRINTS-----\r\n");
        text.Append($"<14>Nov 24 10:00:00 ec2: 256 {EcdsaHostKey.Sha256Fingerprint} {host} (ECDSA)\r\n");
        text.Append($"<14>Nov 24 10:00:00 ec2: 256 {HostKey.Sha256Fingerprint} {host} (ED25519)\r\n");
        text.Append("<14>Nov 24 10:00:00 ec2: -----END SSH HOST KEY FINGERPRINTS-----\r\n");
        text.Append("<14>Nov 24 10:00:00 ec2: #############################################################\r\n");
        text.Append("-----BEGIN SSH HOST KEY KEYS-----\r\n");
        text.Append($"{EcdsaHostKey} {host}\r\n");
        text.Append($"{HostKey} {host}\r\n");
        text.Append("-----END SSH HOST KEY KEYS-----\r\n");
        return text.ToString();
    }

    /// <summary>The instance as DescribeInstances shows it now.</summary>
    public Instance ToModel() => new()
    {
        InstanceId = Id,
        State = new InstanceState { Name = State },
        ImageId = ImageId,
        InstanceType = InstanceType,
        KeyName = KeyName,
        VpcId = VpcId,
        PublicIpAddress = State == "running" ? PublicAddress : null,
        PrivateIpAddress = PrivateAddress,
        ClientToken = ClientToken,
        MetadataOptions = new InstanceMetadataOptionsResponse { HttpTokens = HttpTokens },
        SecurityGroups = GroupIds.Select(g => new GroupIdentifier { GroupId = g }).ToList(),
        Tags = Tags.Select(t => new Tag(t.Key, t.Value)).ToList(),
    };
}
