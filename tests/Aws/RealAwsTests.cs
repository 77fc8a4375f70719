using System.Collections;
using Workload.Providers.Aws;
using Workload.State;

namespace Workload.Tests.Aws;

/// <summary>
/// The provider against a real account, with the settings of the environment (WORKLOAD_AWS_REGION,
/// WORKLOAD_ADMIN_CIDR, ...) and a project name of its own so it never meets a real deployment.
/// </summary>
public sealed class RealAwsTests : IDisposable
{
    private readonly AwsWorld _world = new();

    public void Dispose() => _world.Dispose();

    [RealAwsFact]
    public async Task PlanAgainstTheRealAccountReadsAndChangesNothing()
    {
        var settings = RealSettings();
        using var provider = new AwsHostProvider(settings, new StateStore(settings.StateFile, settings.Project), _world.Log, AwsConnector.ForSettings(settings, ProcessEnvironment()));

        var check = await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None);

        Assert.Contains(check.Changes, c => c.StartsWith("launch instance", StringComparison.Ordinal));
    }

    [RealAwsFact(createsResources: true)]
    public async Task ProvisionAndDestroyTheJenkinsHostInTheRealAccount()
    {
        var settings = RealSettings();
        var store = new StateStore(settings.StateFile, settings.Project);
        var connector = AwsConnector.ForSettings(settings, ProcessEnvironment());
        try
        {
            using var provider = new AwsHostProvider(settings, store, _world.Log, connector);
            var record = await provider.ApplyAsync(await provider.CheckAsync(HostRole.Jenkins, CancellationToken.None), CancellationToken.None);
            Assert.StartsWith("i-", record.Id, StringComparison.Ordinal);
            Assert.NotNull(record.HostKey);
        }
        finally
        {
            using var teardown = new AwsTeardown(connector, settings, _world.Log);
            await teardown.DestroyAsync(await teardown.ListAsync(CancellationToken.None), CancellationToken.None);
        }
    }

    private WorkloadSettings RealSettings()
    {
        var environment = ProcessEnvironment().Where(e => e.Key.StartsWith(WorkloadSettings.EnvironmentPrefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var arguments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["provider"] = ["aws"],
            ["project"] = ["workload-test-" + Environment.MachineName.ToLowerInvariant()[..Math.Min(8, Environment.MachineName.Length)]],
            ["stateFile"] = [".workload/state.json"],
            ["sshPrivateKey"] = [".workload/id_ed25519"],
        };
        return SettingsLoader.Load(new SettingsSources(_world.Directory, arguments, environment));
    }

    private static Dictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? string.Empty, StringComparer.Ordinal);
}
