using Workload.Hosts;
using Workload.Providers;
using Workload.State;
using Workload.Tests.Validation;

namespace Workload.Tests.Providers;

/// <summary>Where each host is: what provisioning recorded in the state file first, else what the configuration gives.</summary>
public sealed class HostInventoryTests : IDisposable
{
    private const string HostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    private readonly string _work = TestPaths.NewDirectory("workload-inventory");

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void The_state_file_says_where_a_provisioned_host_is_with_its_pinned_key()
    {
        var settings = Settings(("jenkinsAddress", "192.0.2.10"));
        var store = new StateStore(settings.StateFile, settings.Project);
        var state = store.Load();
        state.Provider = ProviderKind.Local.Name;
        state.Hosts["jenkins"] = new HostRecord { Id = "microblog-jenkins", PublicAddress = "10.231.114.2", PrivateAddress = "10.231.114.2", User = "ubuntu", Port = 22, KeyFile = string.Empty, HostKey = HostKey };
        store.Save(state);
        var inventory = new HostInventory(settings, store);

        Assert.Equal(new HostEndpoint("jenkins", "10.231.114.2", 22, "ubuntu", settings.SshPrivateKey, HostKey), inventory.EndpointFor(HostRole.Jenkins));
        Assert.Equal("10.231.114.2", inventory.PrivateAddress(HostRole.Jenkins));
        Assert.True(inventory.IsKnown(HostRole.Jenkins));
    }

    [Fact]
    public void Existing_hosts_are_where_the_configuration_says()
    {
        var settings = Settings(("provider", "existing"), ("jenkinsAddress", "203.0.113.4"), ("monitoringAddress", "203.0.113.5"), ("monitoringPrivateAddress", "10.0.0.5"), ("sshUser", "admin"), ("sshPort", "2222"));
        var inventory = new HostInventory(settings, new StateStore(settings.StateFile, settings.Project));

        Assert.Equal(new HostEndpoint("monitoring", "203.0.113.5", 2222, "admin", settings.SshPrivateKey), inventory.EndpointFor(HostRole.Monitoring));
        Assert.Equal("10.0.0.5", inventory.PrivateAddress(HostRole.Monitoring));
        Assert.Equal("10.0.0.5", HostInventory.Configured(settings, HostRole.Monitoring)!.PrivateAddress);
        Assert.Equal("203.0.113.4", inventory.PrivateAddress(HostRole.Jenkins));
    }

    [Fact]
    public void A_host_nothing_knows_is_a_clear_error_naming_the_task_that_makes_it()
    {
        var settings = Settings();
        var inventory = new HostInventory(settings, new StateStore(settings.StateFile, settings.Project));

        Assert.False(inventory.IsKnown(HostRole.Monitoring));
        Assert.Null(inventory.PrivateAddress(HostRole.Monitoring));
        var failure = Assert.Throws<HostConnectionException>(() => inventory.EndpointFor(HostRole.Monitoring));
        Assert.Contains("Run --target=ProvisionMonitoring first (or set monitoringAddress with provider=existing)", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_provider_is_chosen_once_from_the_configuration()
    {
        Assert.Same(ProviderKind.Aws, ProviderKind.Of(Settings(("provider", "aws"), ("adminCidr", "203.0.113.7/32"))));
        Assert.Same(ProviderKind.Local, ProviderKind.Of(Settings()));
        Assert.Equal(["local", "aws", "existing"], ProviderKind.All.Select(k => k.Name));
        Assert.Equal([true, true, false], ProviderKind.All.Select(k => k.MakesHosts));
        Assert.Null(ProviderKind.Find("gcp"));
    }

    private WorkloadSettings Settings(params (string Key, string Value)[] overrides)
    {
        var arguments = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            ["stateFile"] = [".workload/state.json"],
            ["sshPrivateKey"] = [".workload/id_ed25519"],
        };
        foreach (var (key, value) in overrides)
        {
            arguments[key] = [value];
        }

        return SettingsLoader.Load(new SettingsSources(_work, arguments, new Dictionary<string, string>()));
    }
}
