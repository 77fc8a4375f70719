using System.Text.RegularExpressions;

namespace Workload.Tests.Jenkins;

/// <summary>Reads the sh steps of a declarative Jenkinsfile, to run them without Jenkins.</summary>
internal static partial class JenkinsfileSteps
{
    /// <summary>The sh steps of each stage of a declarative Jenkinsfile, as Groovy reads their '''strings'''.</summary>
    public static Dictionary<string, string> ShSteps(string jenkinsfile)
    {
        var steps = new Dictionary<string, string>(StringComparer.Ordinal);
        var stages = Stage().Matches(jenkinsfile).ToList();
        for (var i = 0; i < stages.Count; i++)
        {
            var end = i + 1 < stages.Count ? stages[i + 1].Index : jenkinsfile.Length;
            var body = jenkinsfile[stages[i].Index..end];
            var scripts = Sh().Matches(body).Select(m => GroovyText(m.Groups[1].Value)).ToList();
            if (scripts.Count > 0)
            {
                steps[stages[i].Groups[1].Value] = string.Concat(scripts);
            }
        }

        return steps;
    }

    // In a Groovy '''string''' a backslash escapes; $ is kept as it is.
    private static string GroovyText(string text) => Regex.Replace(text, @"\\(.)", m => m.Groups[1].Value switch
    {
        "n" => "\n",
        "t" => "\t",
        var other => other,
    }, RegexOptions.Singleline);

    [GeneratedRegex(@"stage\('([^']+)'\)")]
    private static partial Regex Stage();

    [GeneratedRegex(@"\bsh\s+'''(.*?)'''", RegexOptions.Singleline)]
    private static partial Regex Sh();
}
