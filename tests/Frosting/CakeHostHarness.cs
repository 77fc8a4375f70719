using Cake.Core;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;
using Workload.Frosting;

namespace Workload.Tests.Frosting;

/// <summary>Runs a <see cref="CakeHost"/> over the sample tasks of this folder and keeps what it printed.</summary>
internal sealed class CakeHostHarness : IDisposable
{
    private readonly StringWriter _output = new();

    public void Dispose() => _output.Dispose();

    public CallRecorder Calls { get; } = new();

    public string Output => _output.ToString();

    /// <summary>The one row of the task summary that names <paramref name="task"/> with <paramref name="status"/> (Succeeded, Skipped, Failed).</summary>
    public string ReportRow(string task, string status) =>
        Output.Split('\n').Single(l => l.Contains(task, StringComparison.Ordinal) && l.Contains(status, StringComparison.Ordinal));

    public int Run(params string[] args)
    {
        var console = new RecordingConsole(_output);
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(_output),
            Interactive = InteractionSupport.No,
        });
        ansi.Profile.Width = 200;
        return new CakeHost()
            .AddAssembly(typeof(CakeHostHarness).Assembly)
            .UseContext<SampleContext>()
            .UseLifetime<SampleLifetime>()
            .UseDefaultTarget("Last")
            .ConfigureServices(services =>
            {
                services.AddSingleton(Calls);
                services.AddSingleton<IConsole>(console);
                services.AddSingleton(ansi);
            })
            .Run(args);
    }
}

/// <summary>Every action, criteria, error handler and lifetime step the sample tasks saw, in order.</summary>
public sealed class CallRecorder
{
    private readonly List<string> _calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public void Add(string call)
    {
        lock (_calls)
        {
            _calls.Add(call);
        }
    }
}

/// <summary>A Cake console that writes plain text to a writer.</summary>
internal sealed class RecordingConsole(TextWriter writer) : IConsole
{
    public ConsoleColor ForegroundColor { get; set; }

    public ConsoleColor BackgroundColor { get; set; }

    public bool SupportAnsiEscapeCodes => false;

    public void Write(string format, params object[] arg) => writer.Write(format, arg);

    public void WriteLine(string format, params object[] arg) => writer.WriteLine(format, arg);

    public void WriteError(string format, params object[] arg) => writer.Write(format, arg);

    public void WriteErrorLine(string format, params object[] arg) => writer.WriteLine(format, arg);

    public void ResetColor()
    {
    }
}
