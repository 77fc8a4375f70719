using System.Globalization;
using System.Net;
using System.Runtime.Versioning;
using Workload.Common;

namespace Workload.Providers.Local;

/// <summary>
/// A host's running system: systemd-nspawn booting the host's merged root in the host's network namespace. Found
/// again through its PID file and command line; ready when sshd greets and systemd reports the boot finished.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class ContainerMachine(LocalTestbedOptions options, TestbedLayout layout, MachineNetwork network, Action<string> progress)
{
    private static readonly string[] BootedStates = ["running", "degraded"];

    /// <summary>The PID of the host's systemd-nspawn when it runs, else null.</summary>
    public int? NspawnPid
    {
        get
        {
            if (!File.Exists(layout.PidFile)
                || !int.TryParse(File.ReadAllText(layout.PidFile).Trim(), CultureInfo.InvariantCulture, out var pid))
            {
                return null;
            }

            // The directory argument tells this host's nspawn from any process that reused the PID.
            return ProcessTable.IsAlive(pid) && ProcessTable.CommandLine(pid).Contains(DirectoryArgument, StringComparer.Ordinal) ? pid : null;
        }
    }

    /// <summary>The PID (on this machine) of the host's init, whose namespaces are the host's; null when not running.</summary>
    public int? InitPid => NspawnPid is { } pid ? ProcessTable.Children(pid).Cast<int?>().FirstOrDefault() : null;

    private string DirectoryArgument => $"--directory={layout.RootDirectory}";

    /// <summary>Boots the host detached from this process and records the PID of its systemd-nspawn.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        progress($"Booting {layout.HostName} (console log: {layout.ConsoleLog})");
        var pid = await DetachedProcess.StartAsync(
            "systemd-nspawn",
            [
                DirectoryArgument,
                "--boot",
                $"--machine={layout.HostName}",
                // No system bus here: nspawn can neither register the machine nor create a scope unit for it.
                "--register=no",
                "--keep-unit",
                $"--network-namespace-path={network.NamespacePath}",
                // Settings files in /etc/systemd/nspawn must not change a testbed host; the journal stays inside.
                "--settings=no",
                "--link-journal=no",
                "--console=read-only",
            ],
            layout.ConsoleLog,
            cancellationToken).ConfigureAwait(false);
        AtomicFile.WriteAllText(layout.PidFile, pid.ToString(CultureInfo.InvariantCulture) + "\n");
    }

    /// <summary>Waits until sshd answers with an SSH banner and systemd reports running or degraded; throws with the console's end otherwise.</summary>
    public Task WaitUntilReadyAsync(IPAddress address, CancellationToken cancellationToken)
    {
        var started = DateTime.UtcNow;
        return new Waiter(WaitClock.System, new ProgressLog(progress)).UntilAsync(
            $"Waiting for {layout.HostName} to boot",
            DateTimeOffset.UtcNow + options.BootTimeout,
            TimeSpan.FromMilliseconds(500),
            async token =>
            {
                if (NspawnPid is null)
                {
                    var console = TextTail.OfFile(layout.ConsoleLog, 25);
                    throw new InvalidOperationException($"{layout.HostName} stopped while booting. The end of its console log {layout.ConsoleLog}:" +
                        Environment.NewLine + console + InotifyHint(console));
                }

                var sshAnswers = await TcpProbe.GreetsWithSshAsync(address.ToString(), 22, TimeSpan.FromSeconds(2), token).ConfigureAwait(false);
                var state = await SystemStateAsync(token).ConfigureAwait(false);
                if (sshAnswers && BootedStates.Contains(state, StringComparer.Ordinal))
                {
                    progress($"{layout.HostName} is up at {address} (systemd: {state}) after {(DateTime.UtcNow - started).TotalSeconds:0} s");
                    return WaitStep.Ready(true);
                }

                return WaitStep.Pending<bool>($"sshd: {(sshAnswers ? "answers" : "no banner")}, systemd: {state}");
            },
            status => new TimeoutException(
                $"{layout.HostName} did not finish booting within {options.BootTimeout.TotalSeconds:0} s ({status}). " +
                $"The end of its console log {layout.ConsoleLog}:{Environment.NewLine}{TextTail.OfFile(layout.ConsoleLog, 25)}"),
            cancellationToken);
    }

    /// <summary>
    /// Shuts the host down: SIGTERM makes systemd-nspawn ask the container's systemd for an orderly poweroff. When that
    /// takes longer than the shutdown timeout, the container's init is killed (which ends every process in it) and
    /// nspawn with it. Whatever still runs in the host's network namespace afterwards is killed too.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (NspawnPid is { } pid)
        {
            progress($"Stopping {layout.HostName}");
            var init = InitPid;
            ProcessTable.Signal(pid, ProcessSignal.Terminate);
            if (!await ProcessTable.WaitForExitAsync(pid, options.ShutdownTimeout, cancellationToken).ConfigureAwait(false))
            {
                progress($"{layout.HostName} did not shut down within {options.ShutdownTimeout.TotalSeconds:0} s; killing it");
                if (init is { } initPid)
                {
                    ProcessTable.Signal(initPid, ProcessSignal.Kill);
                }

                ProcessTable.Signal(pid, ProcessSignal.Kill);
                await ProcessTable.WaitForExitAsync(pid, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            }
        }

        await KillLeftoversAsync(cancellationToken).ConfigureAwait(false);
        if (File.Exists(layout.PidFile))
        {
            File.Delete(layout.PidFile);
        }
    }

    /// <summary>
    /// Kills any process still in the host's network namespace: what survives when nspawn itself died (killed, or its
    /// starter's machine crashed) while the container's processes lived on.
    /// </summary>
    public async Task KillLeftoversAsync(CancellationToken cancellationToken)
    {
        if (!network.Exists)
        {
            return;
        }

        var pids = await TestbedBridge.Ip(cancellationToken, "netns", "pids", network.NamespaceName).ConfigureAwait(false);
        foreach (var text in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var leftover = int.Parse(text, CultureInfo.InvariantCulture);
            ProcessTable.Signal(leftover, ProcessSignal.Kill);
            await ProcessTable.WaitForExitAsync(leftover, TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<string> SystemStateAsync(CancellationToken cancellationToken)
    {
        if (InitPid is not { } init)
        {
            return "not started";
        }

        // is-system-running exits non-zero for every state but "running"; its output is the state.
        var result = await TestbedShell.TryRunAsync(init, ["systemctl", "is-system-running"], cancellationToken, timeout: TimeSpan.FromSeconds(10))
            .ConfigureAwait(false);
        var state = result.StandardOutput.Trim();
        return state.Length > 0 ? state : "not answering";
    }

    // Every booted host's systemd takes inotify instances of root's, which all hosts of all testbeds on this machine
    // share; at the kernel's default of 128 a dozen hosts exhaust them and the next one cannot start its manager.
    private static string InotifyHint(string console) =>
        console.Contains("Too many open files", StringComparison.Ordinal)
            ? Environment.NewLine + $"The hosts on this machine have used up root's inotify instances (fs.inotify.max_user_instances is {File.ReadAllText("/proc/sys/fs/inotify/max_user_instances").Trim()}): " +
              "raise it (sysctl -w fs.inotify.max_user_instances=1024; tests/testbed/prerequisites.sh makes that permanent) or stop hosts that are not needed."
            : string.Empty;
}
