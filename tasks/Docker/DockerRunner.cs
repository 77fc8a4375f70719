using System.Globalization;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;
using Workload.Common;

namespace Workload.Docker;

/// <summary>
/// Runs one docker command line through Cake's tool runner, on the tool's one process runner. Output goes through the run's log, line by line,
/// so the secret masker sees everything a container prints.
/// </summary>
/// <typeparam name="TSettings">The settings of the command.</typeparam>
internal sealed class DockerRunner<TSettings>(ICakeContext context)
    : Tool<TSettings>(context.FileSystem, context.Environment, new CakeProcessRunner(context), context.Tools)
    where TSettings : DockerSettings
{
    private const int ErrorLinesKept = 20;
    private readonly Lock _gate = new();
    private readonly List<string> _output = [];
    private readonly Queue<string> _errors = new();
    private string _commandName = "docker";

    /// <summary>
    /// Runs <c>docker COMMAND OPTIONS OPERANDS</c>. A non-zero exit code throws with the engine's last error lines,
    /// unless <see cref="ToolSettings.HandleExitCode"/> accepts it.
    /// </summary>
    public DockerResult Run(TSettings settings, IReadOnlyList<string> command, IEnumerable<string> operands, DockerOutput output)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var argv = DockerCommandLine.Build(command, settings, operands);
        _commandName = $"{ToolName(settings)} {string.Join(' ', command)}";
        context.Log.Verbose("{0}", $"{ToolName(settings)} {string.Join(' ', argv.Select(DockerArgument.Quote))}");

        var exitCode = 0;
        var process = new ProcessSettings
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectedStandardOutputHandler = line => Receive(line, output, error: false),
            RedirectedStandardErrorHandler = line => Receive(line, output, error: true),
        };
        Run(settings, DockerArgument.Build(argv), process, p => exitCode = p.GetExitCode());
        lock (_gate)
        {
            return new DockerResult(exitCode, _output.ToList(), _errors.ToList());
        }
    }

    protected override string GetToolName() => "docker";

    protected override IEnumerable<string> GetToolExecutableNames() => ["docker", "podman"];

    /// <summary>Cake asks about every exit code that <c>HandleExitCode</c> did not accept, zero included.</summary>
    protected override void ProcessExitCode(int exitCode)
    {
        if (exitCode == 0)
        {
            return;
        }

        string detail;
        lock (_gate)
        {
            detail = _errors.Count == 0 ? string.Empty : ":" + Environment.NewLine + string.Join(Environment.NewLine, _errors);
        }

        throw new CakeException(string.Format(CultureInfo.InvariantCulture, "{0} failed with exit code {1}{2}", _commandName, exitCode, detail));
    }

    private string? Receive(string? line, DockerOutput output, bool error)
    {
        if (line is null)
        {
            return null;
        }

        lock (_gate)
        {
            if (error)
            {
                _errors.Enqueue(line);
                if (_errors.Count > ErrorLinesKept)
                {
                    _errors.Dequeue();
                }
            }
            else
            {
                _output.Add(line);
            }
        }

        if (output == DockerOutput.Stream)
        {
            context.Log.Information("{0}", line);
        }
        else
        {
            context.Log.Verbose("{0}", line);
        }

        return line;
    }

    private static string ToolName(TSettings settings) =>
        settings.ToolPath is null ? "docker" : settings.ToolPath.GetFilenameWithoutExtension().FullPath;
}
