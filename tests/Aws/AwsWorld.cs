using System.Globalization;
using Amazon.Runtime.CredentialManagement;
using Cake.Core.Diagnostics;
using Workload.Providers.Aws;
using Workload.State;
using Workload.Common;

namespace Workload.Tests.Aws;

/// <summary>
/// One test's AWS account (<see cref="Ec2Double"/>, <see cref="SsmDouble"/>) and working directory, with the
/// provider and Destroy wired to them through the real connector and credential chain.
/// </summary>
public sealed class AwsWorld : IDisposable
{
    public AwsWorld()
    {
        Directory = Path.Combine(Path.GetTempPath(), "workload-aws-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Clock = new VirtualClock(Ec2);
        Ssh = new SshProbeDouble(Ec2);
    }

    public Ec2Double Ec2 { get; } = new();

    public SsmDouble Ssm { get; } = new();

    public string Directory { get; }

    public CapturingLog Log { get; } = new();

    public VirtualClock Clock { get; }

    public SshProbeDouble Ssh { get; }

    /// <summary>The environment the credential chain reads: static keys by default.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal)
    {
        ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLEEXAMPLE00",
        ["AWS_SECRET_ACCESS_KEY"] = "double-secret-access-key-example",
    };

    /// <summary>Settings as a user would give them: provider=aws and an adminCidr, then the overrides as --key=value.</summary>
    public WorkloadSettings Settings(params (string Key, string Value)[] overrides)
    {
        var arguments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["provider"] = ["aws"],
            ["adminCidr"] = ["203.0.113.7/32"],
            ["awsRegion"] = [Ec2Double.Region],

            // Relative paths given as settings are resolved against the working directory: this test's own.
            ["stateFile"] = [".workload/state.json"],
            ["sshPrivateKey"] = [".workload/id_ed25519"],
            ["knownHostsFile"] = [".workload/known_hosts"],
        };
        foreach (var (key, value) in overrides)
        {
            arguments[key] = [value];
        }

        return SettingsLoader.Load(new SettingsSources(Directory, arguments, new Dictionary<string, string>()));
    }

    /// <summary>The ~/.aws profiles the credential chain reads: none by default.</summary>
    public ICredentialProfileSource Profiles { get; set; } = new NoProfiles();

    public AwsConnector Connector(WorkloadSettings settings) => new(
        new AwsCredentialChain(Environment, Profiles, settings.AwsProfile, settings.AwsInstanceProfile),
        settings.AwsRegion,
        Environment,
        (_, region) => new AwsClients(Ec2.ClientFor(region), Ssm.Client, region),
        TimeSpan.FromSeconds(settings.AwsRequestTimeoutSeconds));

    public AwsHostProvider Provider(WorkloadSettings settings) =>
        new(settings, new StateStore(settings.StateFile, settings.Project), Log, Connector(settings), Clock, Ssh);

    public AwsTeardown Teardown(WorkloadSettings settings) => new(Connector(settings), settings, Log, Clock);

    /// <summary>What ProvisionJenkins and ProvisionMonitoring do with the provider: check, apply, record the host in the state.</summary>
    public async Task<HostRecord> ProvisionAsync(WorkloadSettings settings, HostRole role)
    {
        using var provider = Provider(settings);
        var check = await provider.CheckAsync(role, CancellationToken.None);
        var record = check.InSync ? check.Existing! : await provider.ApplyAsync(check, CancellationToken.None);
        var store = new StateStore(settings.StateFile, settings.Project);
        var state = store.Load();
        state.Provider = "aws";
        state.Hosts[AwsNames.RoleKey(role)] = record;
        store.Save(state);
        return record;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }

    /// <summary>No ~/.aws profiles at all.</summary>
    public sealed class NoProfiles : ICredentialProfileSource
    {
        public bool TryGetProfile(string profileName, out CredentialProfile profile)
        {
            profile = null!;
            return false;
        }
    }
}

/// <summary>Time that passes only when the tool waits: each wait lets as much of the EC2 double's simulated time pass.</summary>
public sealed class VirtualClock(Ec2Double ec2) : WaitClock
{
    public override DateTimeOffset UtcNow => ec2.Now;

    public override Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        ec2.Advance(delay);
        return Task.CompletedTask;
    }
}

/// <summary>SSH answers on the public address of a running instance of the double, unless told to stay silent.</summary>
public sealed class SshProbeDouble(Ec2Double ec2) : ISshProbe
{
    public bool Silent { get; set; }

    public List<string> Probed { get; } = [];

    public Task<bool> AnswersAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Probed.Add($"{host}:{port.ToString(CultureInfo.InvariantCulture)}");
        return Task.FromResult(!Silent && ec2.LiveInstances.Any(i => i.PublicAddress == host && i.State == "running"));
    }
}

/// <summary>A Cake log that keeps every line.</summary>
public sealed class CapturingLog : ICakeLog
{
    public List<string> Lines { get; } = [];

    public string Text => string.Join(System.Environment.NewLine, Lines);

    public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

    public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args) =>
        Lines.Add($"{level}: " + (args.Length == 0 ? format : string.Format(CultureInfo.InvariantCulture, format, args)));
}
