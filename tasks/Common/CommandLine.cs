namespace Workload.Common;

/// <summary>Shows a program and its arguments the way a reader would type them, for messages and logs.</summary>
public static class CommandLine
{
    /// <summary>The program and its arguments joined by spaces, each argument quoted when it holds spaces or quotes.</summary>
    public static string Format(string program, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(program).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '\\' or ';' or '&' or '|')
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
