using System.Diagnostics;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;

namespace Workload.Common;

/// <summary>
/// Cake's <see cref="IProcessRunner"/> on top of <see cref="ProcessRunner"/>, so that Cake's tools
/// (<see cref="Cake.Core.Tooling.Tool{TSettings}"/>: the docker runner) start their processes the way the rest of
/// the tool does. It keeps Cake's own runner's contract: the arguments as Cake rendered them, the working directory
/// made absolute, the <c>CAKE</c> variables, output only when redirected, a line handler's result kept, the
/// command line logged at diagnostic verbosity with its secret arguments redacted.
/// </summary>
public sealed class CakeProcessRunner(ICakeEnvironment environment, ICakeLog log) : IProcessRunner
{
    public CakeProcessRunner(ICakeContext context)
        : this(context.Environment, context.Log)
    {
    }

    public IProcess Start(FilePath filePath, ProcessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(settings);
        var arguments = settings.Arguments ?? new ProcessArgumentBuilder();
        var commandLine = string.Concat(filePath.FullPath, " ", arguments.RenderSafe().TrimEnd());
        if (!settings.Silent)
        {
            log.Verbose(Verbosity.Diagnostic, "Executing: {0}", commandLine);
        }

        var workingDirectory = (settings.WorkingDirectory ?? environment.WorkingDirectory).MakeAbsolute(environment);
        settings.WorkingDirectory = workingDirectory;
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["CAKE"] = "True",
            ["CAKE_VERSION"] = environment.Runtime.CakeVersion.ToString(3),
        };
        foreach (var (name, value) in settings.EnvironmentVariables ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var options = new ProcessOptions
        {
            StandardInput = settings.StandardInput?.Memory.ToArray(),
            InheritStandardInput = true,
            CaptureOutput = settings.RedirectStandardOutput,
            CaptureError = settings.RedirectStandardError,
            OutputLine = settings.RedirectedStandardOutputHandler is { } output ? line => output(line) : null,
            ErrorLine = settings.RedirectedStandardErrorHandler is { } error ? line => error(line) : null,
            WorkingDirectory = workingDirectory.FullPath,
            Environment = variables,
        };
        var startInfo = new ProcessStartInfo(filePath.FullPath) { Arguments = arguments.Render() };
        return new CakeProcess(RunningProcess.Start(startInfo, commandLine, options));
    }

    /// <summary>A started process as Cake's tools see it.</summary>
    private sealed class CakeProcess(RunningProcess process) : IProcess
    {
        public void WaitForExit() => process.WaitForExit(Timeout.Infinite);

        public bool WaitForExit(int milliseconds) => process.WaitForExit(milliseconds);

        public int GetExitCode() => process.ExitCode;

        public IEnumerable<string> GetStandardError() => process.StandardErrorLines;

        public IEnumerable<string> GetStandardOutput() => process.StandardOutputLines;

        public void Kill() => process.Kill();

        public void Dispose() => process.Dispose();
    }
}
