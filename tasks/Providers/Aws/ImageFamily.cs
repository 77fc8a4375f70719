namespace Workload.Providers.Aws;

/// <summary>
/// An operating system the aws provider launches the hosts from: where its publisher names the region's current
/// image (a public SSM parameter), how to find it without that parameter (the publisher's account and image
/// names), and the login user its cloud images have. Checked against the publishers' documentation on 2026-11-28.
/// </summary>
/// <param name="Key">The awsImageFamily value.</param>
/// <param name="Name">The family in words.</param>
/// <param name="LoginUser">The user cloud-init makes for the key pair (with passwordless sudo).</param>
/// <param name="OwnerId">The AWS account that publishes the images.</param>
/// <param name="ParameterTemplate">The public SSM parameter naming the current image; {arch} is amd64 or arm64.</param>
/// <param name="NameTemplate">The image name pattern (DescribeImages filter) for the fallback; {arch} likewise.</param>
public sealed record ImageFamily(string Key, string Name, string LoginUser, string OwnerId, string ParameterTemplate, string NameTemplate)
{
    /// <summary>
    /// Ubuntu 24.04 LTS from Canonical: the parameter layout of Canonical's "Finding Ubuntu images with the AWS SSM
    /// Parameter Store" (discourse.ubuntu.com/t/15507), gp3 volumes for 24.04; owner 099720109477.
    /// </summary>
    public static ImageFamily Ubuntu2404 { get; } = new(
        "ubuntu-24.04",
        "Ubuntu 24.04 LTS",
        "ubuntu",
        "099720109477",
        "/aws/service/canonical/ubuntu/server/24.04/stable/current/{arch}/hvm/ebs-gp3/ami-id",
        "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-{arch}-server-*");

    /// <summary>
    /// Debian 13 (trixie) from the Debian cloud team's official images (wiki.debian.org/Cloud/AmazonEC2Image): the
    /// public parameter /aws/service/debian/release/13/latest/{arch}; owner 136693071363; login user admin.
    /// </summary>
    public static ImageFamily Debian13 { get; } = new(
        "debian-13",
        "Debian 13 (trixie)",
        "admin",
        "136693071363",
        "/aws/service/debian/release/13/latest/{arch}",
        "debian-13-{arch}-*");

    public static IReadOnlyList<ImageFamily> All { get; } = [Ubuntu2404, Debian13];

    /// <summary>The family of an awsImageFamily value (the settings accept only these).</summary>
    public static ImageFamily For(string key) =>
        All.FirstOrDefault(f => f.Key == key) ?? throw new ArgumentOutOfRangeException(nameof(key), key, "not an image family");

    /// <summary>The SSM parameter for an EC2 architecture (x86_64, arm64).</summary>
    public string Parameter(string ec2Architecture) => ParameterTemplate.Replace("{arch}", DistributionArchitecture(ec2Architecture), StringComparison.Ordinal);

    /// <summary>The image name pattern for an EC2 architecture.</summary>
    public string NamePattern(string ec2Architecture) => NameTemplate.Replace("{arch}", DistributionArchitecture(ec2Architecture), StringComparison.Ordinal);

    /// <summary>Debian and Ubuntu call x86_64 amd64.</summary>
    private static string DistributionArchitecture(string ec2Architecture) => ec2Architecture == "x86_64" ? "amd64" : ec2Architecture;
}
