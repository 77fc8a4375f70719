namespace Workload.Configuration;

/// <summary>Settings of the aws provider: where the hosts are made, who may reach them, and how long to wait for them.</summary>
public sealed partial class WorkloadSettings
{
    [Setting("AWS", "AWS region of the hosts, such as us-east-1; unset: AWS_REGION, AWS_DEFAULT_REGION, then the profile's region.")]
    [Format(ValueFormat.AwsRegion)]
    public string? AwsRegion { get; init; }

    [Setting("AWS", "Profile of ~/.aws/config and ~/.aws/credentials (static keys, SSO, assume-role); unset: AWS_PROFILE, then 'default'.")]
    [Format(ValueFormat.AwsProfile)]
    public string? AwsProfile { get; init; }

    [Setting("AWS", "Also take credentials from the EC2 instance profile (IMDS), for runs on an EC2 instance with a role. Off elsewhere: probing IMDS off EC2 only adds time-outs.")]
    public bool AwsInstanceProfile { get; init; }

    [Setting("AWS", "An endpoint that replaces AWS's for EC2 and SSM (LocalStack, a VPC endpoint); unset: the region's own.")]
    [Format(ValueFormat.Url)]
    public string? AwsEndpointUrl { get; init; }

    [Setting("AWS", "The network allowed to reach SSH, Jenkins (8080), Prometheus (9090) and Grafana (3000), such as 203.0.113.7/32. Required with provider=aws.")]
    [Format(ValueFormat.Cidr)]
    public string? AdminCidr { get; init; }

    [Setting("AWS", "Allow adminCidr to be the whole internet (0.0.0.0/0 or ::/0). Off: such an adminCidr is refused.")]
    public bool AllowWorldAdmin { get; init; }

    [Setting("AWS", "EC2 instance type of the Jenkins host (the tutorial's t3.micro ran out of memory in the OWASP stage).")]
    [Format(ValueFormat.InstanceType)]
    public string JenkinsInstanceType { get; init; } = "t3.small";

    [Setting("AWS", "EC2 instance type of the monitoring host (Prometheus and Grafana).")]
    [Format(ValueFormat.InstanceType)]
    public string MonitoringInstanceType { get; init; } = "t3.micro";

    [Setting("AWS", "The hosts' operating system: ubuntu-24.04, the region's current image from Canonical's public SSM parameter /aws/service/canonical/ubuntu/server/24.04/stable/current/<arch>/hvm/ebs-gp3/ami-id (login user ubuntu), or debian-13, Debian's official image from /aws/service/debian/release/13/latest/<arch> (login user admin). Parameters checked 2026-11-28 against Canonical's \"Finding Ubuntu images with the AWS SSM Parameter Store\" and the Debian cloud team's AmazonEC2Image page. The login user follows the image unless sshUser is set.")]
    [OneOf("ubuntu-24.04", "debian-13")]
    public string AwsImageFamily { get; init; } = "ubuntu-24.04";

    [Setting("AWS", "An AMI id for both hosts instead of the region's current image of awsImageFamily (whose login user still applies).")]
    [Format(ValueFormat.AmiId)]
    public string? AmiId { get; init; }

    [Setting("AWS", "Size of each host's encrypted gp3 root volume in GiB (Jenkins, its workspace and the OWASP database need more than the image's 8).")]
    [Range(8, 1024)]
    public int RootVolumeSizeGiB { get; init; } = 20;

    [Setting("AWS", "A subnet for both hosts (its VPC holds the security groups); its zone must offer both instance types. Unset: the default subnet of a zone of the region's default VPC.")]
    [Format(ValueFormat.SubnetId)]
    public string? AwsSubnetId { get; init; }

    [Setting("AWS", "The availability zone of the hosts, such as us-east-1a (its default subnet); unset: the first zone by name whose default subnet offers both instance types (t3 is missing from some zones).")]
    [Format(ValueFormat.AvailabilityZone)]
    public string? AwsAvailabilityZone { get; init; }

    [Setting("AWS", "An OpenSSH public key file to import as the hosts' key pair; unset: the public half of sshPrivateKey when that file exists, else a new ed25519 key pair whose private key is written to sshPrivateKey.")]
    [Format(ValueFormat.ExistingFile)]
    public string? PublicKeyFile { get; init; }

    [Setting("AWS", "Tags added to every AWS resource the tool creates, beside Name, Project, ManagedBy and Role.")]
    public Dictionary<string, string> AwsTags { get; init; } = [];

    [Setting("AWS", "Seconds to wait for an instance to be running, pass its status checks and answer on SSH.")]
    [Range(30, 3600)]
    public int AwsReadyTimeoutSeconds { get; init; } = 900;

    [Setting("AWS", "Seconds to wait for an instance's SSH host keys to appear in its console output (at once on Nitro types such as t3, which serve the latest output; other types' buffered output can take 20 minutes).")]
    [Range(10, 3600)]
    public int AwsHostKeyTimeoutSeconds { get; init; } = 600;

    [Setting("AWS", "Seconds one AWS request may take, retries included, before the run stops with an error.")]
    [Range(5, 300)]
    public int AwsRequestTimeoutSeconds { get; init; } = 30;
}
