using Cake.Core.IO;

namespace Workload.Docker;

/// <summary>
/// One command-line argument, quoted so that it reaches the engine unchanged. .NET splits the argument string
/// of a process by the Windows rules on every platform, and Cake's own quoted argument does not escape quotes,
/// so a path with a space or a value with a quote needs this.
/// </summary>
public sealed class DockerArgument(string value) : IProcessArgument
{
    public string Render() => Quote(value);

    public string RenderSafe() => Render();

    public override string ToString() => Render();

    /// <summary>The value as the argument parser of a process reads it back: quoted only when needed.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c == '"'))
        {
            return value;
        }

        var builder = new System.Text.StringBuilder("\"");
        var backslashes = 0;
        foreach (var c in value)
        {
            if (c == '\\')
            {
                backslashes++;
                continue;
            }

            // Backslashes are literal unless a quote follows them; then each one must be doubled.
            builder.Append('\\', c == '"' ? (backslashes * 2) + 1 : backslashes);
            builder.Append(c);
            backslashes = 0;
        }

        return builder.Append('\\', backslashes * 2).Append('"').ToString();
    }

    /// <summary>A builder holding each value as one argument.</summary>
    public static ProcessArgumentBuilder Build(IEnumerable<string> argv)
    {
        var builder = new ProcessArgumentBuilder();
        foreach (var value in argv)
        {
            builder.Append(new DockerArgument(value));
        }

        return builder;
    }
}
