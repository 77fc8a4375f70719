using System.Text.RegularExpressions;

namespace Workload.Configuration;

public static partial class SettingFormats
{
    /// <summary>
    /// The regular expression every value of a format matches, for the formats whose rule starts with one (the rule
    /// may check more, such as the system directories a host path may not be). The JSON Schema of the settings gives
    /// them to editors as "pattern"; formats checked by code alone (addresses, URLs, CIDR) have none.
    /// </summary>
    public static IReadOnlyDictionary<ValueFormat, Regex> Patterns { get; } = new Dictionary<ValueFormat, Regex>
    {
        [ValueFormat.PlainUrl] = PlainUrlPattern(),
        [ValueFormat.Version] = VersionPattern(),
        [ValueFormat.Sha256] = Sha256Pattern(),
        [ValueFormat.Duration] = DurationPattern(),
        [ValueFormat.AccountName] = AccountNamePattern(),
        [ValueFormat.HostPath] = HostPathPattern(),
        [ValueFormat.RelativePath] = RelativePathPattern(),
        [ValueFormat.Project] = ProjectPattern(),
        [ValueFormat.InterfaceName] = InterfaceNamePattern(),
        [ValueFormat.DatabaseUrl] = DatabaseUrlPattern(),
        [ValueFormat.DebianPackage] = DebianPackagePattern(),
        [ValueFormat.PipRequirement] = PipRequirementPattern(),
        [ValueFormat.JenkinsPlugin] = JenkinsPluginPattern(),
        [ValueFormat.JenkinsId] = JenkinsIdPattern(),
        [ValueFormat.JenkinsName] = JenkinsNamePattern(),
        [ValueFormat.LoginName] = LoginNamePattern(),
        [ValueFormat.ImageReference] = ImagePattern(),
        [ValueFormat.VolumeName] = VolumeNamePattern(),
        [ValueFormat.AwsRegion] = RegionPattern(),
        [ValueFormat.AwsProfile] = AwsProfilePattern(),
        [ValueFormat.InstanceType] = InstanceTypePattern(),
        [ValueFormat.AmiId] = AmiPattern(),
        [ValueFormat.SubnetId] = SubnetPattern(),
        [ValueFormat.AvailabilityZone] = ZonePattern(),
        [ValueFormat.ScanInterval] = ScanIntervalPattern(),
    };
}
