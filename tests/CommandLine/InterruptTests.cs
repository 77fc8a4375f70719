using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Workload.Tests.CommandLine;

/// <summary>Ctrl+C (SIGINT to the process) in the middle of a step on a real host.</summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class InterruptTests(TestbedFixture fixture)
{
    private const string HostLock = "/run/lock/microblog-workload.lock";

    [Fact]
    public async Task Sigint_ends_the_run_with_one_line_and_exit_code_130_and_leaves_the_host_lock_free()
    {
        var host = await fixture.FreshHostAsync("interrupt");
        var directory = Directory.CreateTempSubdirectory("interrupt-test-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "known_hosts"), $"{host.Address} {host.HostKey}\n");
            File.WriteAllText(Path.Combine(directory, "workload.json"), JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["provider"] = "existing",
                ["jenkinsAddress"] = host.Address.ToString(),
                ["monitoringAddress"] = host.Address.ToString(),
                ["sshPrivateKey"] = fixture.ClientKeyFile,
                ["knownHostsFile"] = "known_hosts",
            }));

            // apt waits for the dpkg lock (up to 300 s): the run is certain to be in the middle of its install step.
            await RootAsync(host, "setsid flock /var/lib/dpkg/lock-frontend sleep 600 </dev/null >/dev/null 2>&1 &");
            using var run = Start(directory, "--target=Nginx", "--exclusive");
            await WaitForAsync(host, "pgrep -f '[a]pt-get.*install.*nginx' >/dev/null", "the run's apt-get to wait for the dpkg lock", run);
            Assert.True(await HeldAsync(host), "the run does not hold the host lock while it installs");

            using (var kill = Process.Start("kill", ["-INT", run.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            var exited = run.Process.WaitForExit(TimeSpan.FromSeconds(60));
            if (exited)
            {
                // With a time-out WaitForExit does not wait for the output readers; without one it does.
                run.Process.WaitForExit();
            }

            var output = run.Output;
            Assert.True(exited, $"the run did not stop after SIGINT:\n{output}");
            Assert.True(run.Process.ExitCode == 130, $"exit code {run.Process.ExitCode}, expected 130:\n{output}");
            // Standard error ends with the one line (the two streams are read apart, so their order here is not theirs).
            var errors = run.Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Equal("interrupted; nothing is half-written; run again to finish", errors[^1]);
            Assert.Single(output.Split('\n'), l => l.Contains("interrupted; nothing is half-written", StringComparison.Ordinal));
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", output, StringComparison.Ordinal);
            Assert.DoesNotContain("A task was canceled", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Error:", output, StringComparison.Ordinal);

            await WaitForAsync(host, $"flock -n {HostLock} true", "the host lock to be free", null);
        }
        finally
        {
            await RootAsync(host, "pkill -f '[f]lock /var/lib/dpkg/lock-frontend' || true");
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task<bool> HeldAsync(Workload.Providers.Local.TestbedHost host) =>
        (await fixture.AsRootAsync(host, "sh", "-c", $"flock -n {HostLock} true")).ExitCode != 0;

    private async Task RootAsync(Workload.Providers.Local.TestbedHost host, string script)
    {
        var result = await fixture.AsRootAsync(host, "sh", "-c", script);
        Assert.True(result.Succeeded, $"{script}: {result.StandardError}");
    }

    /// <summary>Polls a condition on the host up to a bound of attempts; not a timing assertion.</summary>
    private async Task WaitForAsync(Workload.Providers.Local.TestbedHost host, string condition, string what, RunningTool? run)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if ((await fixture.AsRootAsync(host, "sh", "-c", condition)).ExitCode == 0)
            {
                return;
            }

            if (run?.Process.HasExited == true)
            {
                Assert.Fail($"the run ended (exit code {run.Process.ExitCode}) before {what}:\n{run.Output}");
            }

            await Task.Delay(100);
        }

        Assert.Fail($"gave up waiting for {what}{(run is null ? string.Empty : ":\n" + run.Output)}");
    }

    /// <summary>The real entry point started in the background, its output collected as it comes.</summary>
    private static RunningTool Start(string directory, params string[] args)
    {
        var run = new RunningTool(Process.Start(WorkloadProcess.StartInfo(directory, null, args))!);
        run.Process.OutputDataReceived += (_, e) => run.Append(e.Data, error: false);
        run.Process.ErrorDataReceived += (_, e) => run.Append(e.Data, error: true);
        run.Process.BeginOutputReadLine();
        run.Process.BeginErrorReadLine();
        return run;
    }

    private sealed class RunningTool(Process process) : IDisposable
    {
        private readonly StringBuilder _output = new();
        private readonly StringBuilder _errors = new();

        public Process Process { get; } = process;

        /// <summary>What the tool wrote to standard error, in its order.</summary>
        public string Errors
        {
            get
            {
                lock (_output)
                {
                    return _errors.ToString();
                }
            }
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public void Append(string? line, bool error)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine(line);
                if (error)
                {
                    _errors.AppendLine(line);
                }
            }
        }

        public void Dispose()
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }
    }
}
