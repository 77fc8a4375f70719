using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Workload.Common;
using Workload.Providers.Local;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Workload.Tests.Testbed;

/// <summary>The collection every test that boots hosts belongs to: they share one testbed and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SharedTestbed : ICollectionFixture<TestbedFixture>, ICollectionFixture<MirrorFixture>
{
    public const string Name = "Testbed";
}

/// <summary>
/// Gives tests fresh real hosts. On start it makes a client key pair (0600) in a private temporary directory and
/// ensures the testbed (root filesystem, bridge, apt proxy, mirror server); each test class asks for its hosts by
/// purpose and gets a fresh one with a unique name. At the end it destroys every host it created and, when no other
/// host is left in the testbed, tears the testbed down: also when tests failed. Hosts of an earlier run that was
/// killed before it could clean up are destroyed when the next run starts (see <see cref="TestRunClaim"/>).
/// Where the testbed lives is set by environment variables (defaults apart from the tool's own testbed):
/// TESTBED_STATE_DIRECTORY, TESTBED_ROOTFS_CACHE, TESTBED_SUBNET, TESTBED_BRIDGE, TESTBED_MIRROR_DIRECTORY,
/// TESTBED_DEBIAN_RELEASE (13, the default, or 12: the release of the hosts tests ask for).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TestbedFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, Lazy<Task<TestbedHost>>> hostsByPurpose = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> createdHosts = new(StringComparer.Ordinal);
    private TestRunClaim? claim;

    /// <summary>The testbed the tests' hosts run in.</summary>
    public LocalTestbed Testbed { get; private set; } = null!;

    /// <summary>A directory of this run only (mode 0700), deleted at the end.</summary>
    public string WorkDirectory { get; private set; } = null!;

    /// <summary>The private key the hosts' ubuntu user accepts.</summary>
    public string ClientKeyFile => Path.Combine(WorkDirectory, "id_ed25519");

    /// <summary>Its public half, as authorized_keys holds it.</summary>
    public string ClientPublicKey { get; private set; } = string.Empty;

    /// <summary>The options of the tests' testbed; tests that need a second testbed derive theirs from it.</summary>
    public static LocalTestbedOptions DefaultOptions()
    {
        var state = Setting("TESTBED_STATE_DIRECTORY", "/var/lib/workload-testbed-tests");
        return new LocalTestbedOptions
        {
            StateDirectory = state,
            RootfsCache = Setting("TESTBED_ROOTFS_CACHE", "/var/cache/workload-testbed/rootfs"),
            Subnet = IPNetwork.Parse(Setting("TESTBED_SUBNET", "10.231.100.0/24")),
            BridgeName = Setting("TESTBED_BRIDGE", "wl-test0"),
            MirrorDirectory = Setting("TESTBED_MIRROR_DIRECTORY", Path.Combine(state, "mirror")),
            Release = DebianRelease.Find(Setting("TESTBED_DEBIAN_RELEASE", DebianRelease.Trixie.Number))
                ?? throw new InvalidOperationException("TESTBED_DEBIAN_RELEASE: expected 13 or 12"),
        };
    }

    public async Task InitializeAsync()
    {
        WorkDirectory = Directory.CreateTempSubdirectory("workload-testbed-").FullName;
        File.SetUnixFileMode(WorkDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        ClientPublicKey = await ClientKeyPair.EnsureAsync(ClientKeyFile, Log, CancellationToken.None);
        Testbed = new LocalTestbed(DefaultOptions(), Log);
        await Testbed.EnsureInfrastructureAsync(CancellationToken.None);
        claim = await TestRunClaim.ClaimAsync(Testbed, Log);
    }

    /// <summary>A fresh host for <paramref name="purpose"/> (one per purpose and run; the same one when asked again).</summary>
    public Task<TestbedHost> FreshHostAsync(string purpose) =>
        hostsByPurpose.GetOrAdd(purpose, p => new Lazy<Task<TestbedHost>>(() =>
        {
            var name = $"wlt-{p}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}";
            TrackHost(name);
            return Testbed.CreateFreshHostAsync(name, ClientPublicKey, CancellationToken.None);
        })).Value;

    /// <summary>Makes the fixture destroy a host that a test created some other way (through the provider, say).</summary>
    public void TrackHost(string hostName)
    {
        claim!.Add(hostName);
        createdHosts[hostName] = true;
    }

    /// <summary>Logs in as ubuntu with the client key and runs a command, checking the host key against <paramref name="pinnedHostKey"/> only.</summary>
    public Task<ProcessResult> SshAsync(TestbedHost host, string command, string? pinnedHostKey = null) =>
        OpenSsh.RunAsync(host.Address.ToString(), ClientKeyFile, pinnedHostKey ?? host.HostKey, WorkDirectory, command);

    /// <summary>Runs a command as root in the host without SSH.</summary>
    public Task<ProcessResult> AsRootAsync(TestbedHost host, params string[] command) =>
        Testbed.RunAsRootAsync(host.Name, command, CancellationToken.None, timeout: TimeSpan.FromMinutes(5));

    /// <summary>Sends a line to xunit's diagnostic messages (shown with diagnosticMessages enabled) and standard error.</summary>
    public void Log(string message)
    {
        diagnostics.OnMessage(new DiagnosticMessage("[testbed] " + message));
        Console.Error.WriteLine("[testbed] " + message);
    }

    public async Task DisposeAsync()
    {
        var problems = new List<Exception>();
        if (Testbed is not null)
        {
            foreach (var name in createdHosts.Keys)
            {
                await Attempt(() => Testbed.DestroyHostAsync(name, CancellationToken.None), problems);
            }

            // Other runs may share this testbed; the last one out tears it down.
            if (Testbed.HostNames().Count == 0)
            {
                await Attempt(() => Testbed.TeardownAsync(CancellationToken.None), problems);
            }
        }

        if (problems.Count == 0)
        {
            claim?.Dispose();
        }

        if (WorkDirectory is not null)
        {
            Directory.Delete(WorkDirectory, recursive: true);
        }

        if (problems.Count > 0)
        {
            throw new AggregateException("Cleaning up the testbed failed", problems);
        }
    }

    private static async Task Attempt(Func<Task> action, List<Exception> problems)
    {
        try
        {
            await action();
        }
        catch (Exception exception)
        {
            problems.Add(exception);
        }
    }

    private static string Setting(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : fallback;
}
