using Workload.Hosts;
using Workload.Providers.Local;

namespace Workload.Tests.Hosts;

/// <summary>Reaches a testbed host the way the tool does (SSH.NET as ubuntu, host key pinned), and looks at it from outside.</summary>
[SupportedOSPlatform("linux")]
internal static class HostAccess
{
    /// <summary>
    /// Cuts the login user's SSH connections on the host without a goodbye, as a crash or a lost network would: kills
    /// the session processes (sshd-session since OpenSSH 10, in Debian 13; sshd in Debian 12's OpenSSH 9).
    /// </summary>
    public const string CutLoginConnections = "pkill -f 'sshd(-session)?: [u]buntu' || true";

    public static Task<SshHostConnection> ConnectAsync(TestbedFixture fixture, TestbedHost host, Action<string>? progress = null) =>
        SshHostConnection.ConnectAsync(
            Endpoint(fixture, host),
            new HostKeyPolicy(new KnownHostsFile(Path.Combine(fixture.WorkDirectory, $"known_hosts-{Guid.NewGuid():N}")), acceptNew: false),
            new ConnectionOptions(TimeSpan.FromSeconds(10), 2, TimeSpan.FromMinutes(10), progress),
            CancellationToken.None);

    public static HostEndpoint Endpoint(TestbedFixture fixture, TestbedHost host) =>
        new(host.Name, host.Address.ToString(), 22, "ubuntu", fixture.ClientKeyFile, host.HostKey);

    /// <summary>
    /// Every file under the places the tool writes, with its hash, owner and mode; the installed packages; the
    /// enabled units and active services: two equal snapshots mean the host was not changed in between.
    /// </summary>
    public static async Task<string> SnapshotAsync(TestbedFixture fixture, TestbedHost host)
    {
        const string script = """
            find /etc /usr/local /srv /var/lib/microblog-workload /var/lib/jenkins /var/lib/prometheus -xdev \( -type f -o -type l \) 2>/dev/null | sort | while IFS= read -r f; do
              printf '%s %s ' "$f" "$(stat -c '%U:%G:%a' "$f")"; if [ -L "$f" ]; then readlink "$f"; else sha256sum < "$f" | cut -d' ' -f1; fi
            done
            dpkg-query -W -f='${Package} ${Version} ${db:Status-Abbrev}\n'
            systemctl list-units --type=service --state=active --no-legend --plain | awk '{print $1}'
            """;
        var result = await fixture.AsRootAsync(host, "sh", "-c", script);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("snapshot failed: " + result.StandardError);
        }

        return result.StandardOutput;
    }

    /// <summary>Runs a command as root without SSH and returns its output, failing the test when it fails.</summary>
    public static async Task<string> RootAsync(TestbedFixture fixture, TestbedHost host, string script)
    {
        var result = await fixture.AsRootAsync(host, "sh", "-c", script);
        Xunit.Assert.True(result.Succeeded, $"{script}: {result.StandardError}");
        return result.StandardOutput;
    }
}
