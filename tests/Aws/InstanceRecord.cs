using System.Text;
using Amazon.EC2.Model;
using Workload.Providers.Aws;

namespace Workload.Tests.Aws;

/// <summary>One instance of <see cref="Ec2Double"/>, with what the tool launched it with.</summary>
public sealed class InstanceRecord
{
    public required string Id { get; init; }

    /// <summary>The account the instance lives in; its simulated time moves the instance on.</summary>
    public required Ec2Double Owner { get; init; }

    public string State { get; private set; } = "pending";

    /// <summary>When the instance entered its current state (simulated time); null: at the owner's time of creation.</summary>
    public DateTimeOffset? StateSince { get; private set; }

    /// <summary>How long the instance has been in its current state.</summary>
    public TimeSpan TimeInState => Owner.Now - (StateSince ?? Owner.Now);

    public int HiddenTicks { get; set; }

    /// <summary>When calls by this instance's id start to know it (EC2's eventual consistency).</summary>
    public DateTimeOffset VisibleAt { get; init; }

    /// <summary>How many times the instance has booted, and when the last boot began.</summary>
    public int Boots { get; private set; }

    public DateTimeOffset BootedAt { get; private set; }

    public string Zone { get; init; } = "us-east-1a";

    public string SubnetId { get; init; } = string.Empty;

    /// <summary>The launch request's parameters (all but the client token), as EC2 compares them for the token.</summary>
    public string? LaunchParameters { get; init; }

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
        StateSince = Owner.Now;
    }

    /// <summary>Simulated time has passed: a pending instance boots, a stopping one stops, a shutting-down one is terminated.</summary>
    public void Tick(Ec2Double ec2)
    {
        StateSince ??= ec2.Now;
        HiddenTicks--;
        if (State == "pending" && TimeInState >= ec2.TimeToRunning)
        {
            MoveTo("running");
            Boots++;
            BootedAt = ec2.Now;
        }
        else if (State == "stopping" && TimeInState >= ec2.TimeToStopped)
        {
            MoveTo("stopped");
        }
        else if (State == "shutting-down" && TimeInState >= ec2.TimeToTerminated)
        {
            MoveTo("terminated");
        }
    }

    /// <summary>
    /// What the console showed at <paramref name="at"/>: the kernel's first line once the instance is booting; on the
    /// first boot only, cloud-init's host key blocks (fingerprints behind syslog prefixes, then the keys, as on Ubuntu)
    /// <see cref="Ec2Double.KeysPrintedAfter"/> into the boot; on every boot, cloud-init's "finished" line a little later.
    /// </summary>
    public string ConsoleText(Ec2Double ec2, DateTimeOffset at)
    {
        if (Boots == 0 || at < BootedAt)
        {
            return string.Empty;
        }

        var host = $"root@ip-{PrivateAddress.Replace('.', '-')}";
        var text = new StringBuilder();
        text.Append("[    0.000000] Linux version 6.8.0-1018-aws\r\n");
        if (Boots == 1 && at >= BootedAt + ec2.KeysPrintedAfter && !ec2.ConsoleNeverShowsKeys)
        {
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
        }

        if (at >= BootedAt + ec2.KeysPrintedAfter + TimeSpan.FromSeconds(10))
        {
            text.Append("[   14.000000] cloud-init[812]: Cloud-init v. 25.1 finished at Tue, 24 Nov 2026 10:00:14 +0000. Datasource DataSourceEc2Local.  Up 14.00 seconds\r\n");
        }

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
        Placement = new Placement { AvailabilityZone = Zone },
        SubnetId = SubnetId,
        MetadataOptions = new InstanceMetadataOptionsResponse { HttpTokens = HttpTokens },
        SecurityGroups = GroupIds.Select(g => new GroupIdentifier { GroupId = g }).ToList(),
        Tags = Tags.Select(t => new Tag(t.Key, t.Value)).ToList(),
    };
}
