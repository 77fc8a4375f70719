using System.Diagnostics;

namespace Workload.Tests.CommandLine;

/// <summary>Runs the real entry point (what ./build.sh runs) in a directory of the test's choosing.</summary>
internal static class WorkloadProcess
{
    public static (int ExitCode, string Output) Run(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        using var process = Process.Start(StartInfo(workingDirectory, environment, args))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A Deploy on fresh hosts installs two hosts and waits for the pipeline's first build.
        if (!process.WaitForExit(TimeSpan.FromMinutes(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"workload {string.Join(' ', args)} did not finish");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The tool as a process: no WORKLOAD_ variable or ssh-agent of the test's own environment, no colours, the given ones added.</summary>
    public static ProcessStartInfo StartInfo(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "workload.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // An ssh-agent of the test's own session would offer its keys to the tool: tests give one explicitly.
        start.Environment.Remove("SSH_AUTH_SOCK");
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("WORKLOAD_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return start;
    }
}
