namespace Workload.Configuration;

/// <summary>
/// Every setting of the tool, typed. One partial file per part of the workload; each property marked
/// <see cref="SettingAttribute"/> is a key of <c>workload.json</c>, an argument <c>--key=value</c> and an
/// environment variable <c>WORKLOAD_KEY</c> (upper snake case). Precedence: argument, environment, file, default.
/// </summary>
public sealed partial class WorkloadSettings
{
    /// <summary>The prefix of every environment variable the tool reads.</summary>
    public const string EnvironmentPrefix = "WORKLOAD_";

    /// <summary>The configuration file used when neither <c>--config</c> nor <c>WORKLOAD_CONFIG</c> names one.</summary>
    public const string DefaultConfigFile = "workload.json";

    /// <summary>Where each value came from ("default", "workload.json", "environment variable WORKLOAD_X", "argument --x").</summary>
    public IReadOnlyDictionary<string, string> Origins { get; internal set; } = new Dictionary<string, string>();

    /// <summary>The configuration file that was read, or null when none was.</summary>
    public string? ConfigFile { get; internal set; }

    [Setting("Run", "Where the hosts come from: local (systemd hosts on this machine, see the testbed), aws (EC2), existing (addresses given below).")]
    [OneOf(ProviderKind.LocalName, ProviderKind.AwsName, ProviderKind.ExistingName)]
    public string Provider { get; init; } = ProviderKind.LocalName;

    [Setting("Run", "Check every host and print what would change, with diffs, without changing anything. Exit code 0 in sync, 2 changes pending.")]
    public bool Plan { get; init; }

    [Setting("Run", "Also write the plan (with plan) or the run's report to this file as JSON (format microblog-workload-run/1, schema workload-run.schema.json): per task and host, each change with its kind, target and masked diff, and the outcome. Written at the end of the run, failed runs included. A plan written so can be applied exactly with applyPlan.")]
    [Format(ValueFormat.Path)]
    public string? ReportFile { get; init; }

    [Setting("Run", "Apply this saved plan (a JSON plan written by plan with reportFile) exactly: with the same targets and configuration, and only when every task's fresh check finds exactly the saved changes; otherwise nothing is applied and the error names the host, task and resource that differ.")]
    [Format(ValueFormat.ExistingFile)]
    public string? ApplyPlan { get; init; }

    [Setting("Run", "Name of this deployment; used in resource names, tags and the state file.")]
    [Format(ValueFormat.Project)]
    public string Project { get; init; } = "microblog";

    [Setting("Run", "The state file where provisioning records the hosts.")]
    [Format(ValueFormat.Path)]
    public string StateFile { get; init; } = ".workload/state.json";

    [Setting("Run", "A directory whose files replace the built-in templates of the same name (see templates/ in the repository).")]
    [Format(ValueFormat.ExistingDirectory)]
    public string? TemplatesDirectory { get; init; }

    [Setting("SSH", "known_hosts file (OpenSSH format, hashed entries too) that host keys are checked against.")]
    [Format(ValueFormat.Path)]
    public string KnownHostsFile { get; init; } = ".workload/known_hosts";

    [Setting("SSH", "strict: refuse unknown host keys; accept-new: record a host's first key. A changed key is always refused.")]
    [OneOf("strict", "accept-new")]
    public string HostKeyPolicy { get; init; } = "strict";

    [Setting("SSH", "Private key for SSH logins (must not be readable by group or others); encrypted: give sshKeyPassphrase. With an ssh-agent (SSH_AUTH_SOCK) its keys are tried first and this file may be absent.")]
    [Format(ValueFormat.Path)]
    public string SshPrivateKey { get; init; } = ".workload/id_ed25519";

    [Setting("SSH", "Passphrase of an encrypted sshPrivateKey. Keys in an ssh-agent (SSH_AUTH_SOCK) need none and are offered first, as OpenSSH does.")]
    [Secret]
    public Secret? SshKeyPassphrase { get; init; }

    [Setting("SSH", "Login user on the hosts; a non-root user runs changes through sudo. With provider=aws, unset: the user of awsImageFamily's images (ubuntu, admin).")]
    [Format(ValueFormat.AccountName)]
    public string SshUser { get; init; } = "ubuntu";

    [Setting("SSH", "SSH port of the hosts.")]
    [Format(ValueFormat.Port)]
    public int SshPort { get; init; } = 22;

    [Setting("SSH", "Seconds to wait for an SSH connection before retrying.")]
    [Range(1, 600)]
    public int SshConnectTimeoutSeconds { get; init; } = 15;

    [Setting("SSH", "Attempts to connect before giving up on a host (connection refused, timeout, reset).")]
    [Range(1, 20)]
    public int SshConnectAttempts { get; init; } = 4;

    [Setting("SSH", "Seconds a single command on a host may take.")]
    [Range(1, 86400)]
    public int CommandTimeoutSeconds { get; init; } = 1800;

    [Setting("SSH", "Seconds to wait for another run's lock on a host before giving up (runs never interleave on a host).")]
    [Range(0, 3600)]
    public int HostLockWaitSeconds { get; init; } = 60;

    [Setting("Run", "Configure the hosts at the same time wherever the task graph allows (the monitoring host while the Jenkins host installs); each progress line names its host. false: one task after the other.")]
    public bool ParallelHosts { get; init; } = true;

    [Setting("Run", "Minutes a download the preflight found reachable is not checked again (a re-run then asks no URL); 0 checks every download on every run. Kept beside the state file, only once its directory exists.")]
    [Range(0, 10080)]
    public int DownloadRecheckMinutes { get; init; } = 60;

    [Setting("Existing hosts", "Address (public) of the Jenkins host when provider=existing.")]
    [Format(ValueFormat.Address)]
    public string? JenkinsAddress { get; init; }

    [Setting("Existing hosts", "Private address of the Jenkins host, the one the monitoring host scrapes; defaults to jenkinsAddress.")]
    [Format(ValueFormat.Address)]
    public string? JenkinsPrivateAddress { get; init; }

    [Setting("Existing hosts", "Address (public) of the monitoring host when provider=existing.")]
    [Format(ValueFormat.Address)]
    public string? MonitoringAddress { get; init; }

    [Setting("Existing hosts", "Private address of the monitoring host; defaults to monitoringAddress.")]
    [Format(ValueFormat.Address)]
    public string? MonitoringPrivateAddress { get; init; }
}
