using System.Diagnostics;

namespace Workload.Tests.Hosts;

/// <summary>A real OpenSSH ssh-agent on a socket of its own, for the test's life; keys are added with the real ssh-add.</summary>
internal sealed class RealSshAgent : IDisposable
{
    private readonly Process _process;

    private RealSshAgent(string socketPath, Process process)
    {
        SocketPath = socketPath;
        _process = process;
    }

    public string SocketPath { get; }

    public static RealSshAgent Start(string directory)
    {
        var socket = Path.Combine(directory, $"agent-{Guid.NewGuid():N}.sock");
        var process = Process.Start(new ProcessStartInfo("ssh-agent", ["-D", "-a", socket]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var agent = new RealSshAgent(socket, process);
        var waited = Stopwatch.StartNew();
        while (!File.Exists(socket))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                agent.Dispose();
                throw new InvalidOperationException($"ssh-agent did not open {socket}: {process.StandardError.ReadToEnd()}");
            }

            Thread.Sleep(20);
        }

        return agent;
    }

    /// <summary>ssh-add KEYFILE, with the agent's socket.</summary>
    public void Add(string keyFile)
    {
        var start = new ProcessStartInfo("ssh-add", ["-q", keyFile]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.Environment["SSH_AUTH_SOCK"] = SocketPath;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ssh-add {keyFile} failed: {error}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        File.Delete(SocketPath);
    }
}
