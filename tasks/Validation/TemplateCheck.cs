namespace Workload.Validation;

/// <summary>
/// How one of our templates is checked without a host: render it with sample values, then run a checker on the
/// result (<c>nginx -t</c>, <c>visudo -cf</c>, <c>promtool check config</c>), locally or in a container.
/// </summary>
/// <param name="Template">The template's name under <c>templates/</c>.</param>
/// <param name="Tool">The checker's executable, looked up on the PATH or run in <c>templateCheckImage</c>.</param>
/// <param name="Install">What to install when the tool is missing.</param>
/// <param name="Sample">The model the template is rendered with: sample values of the real task's model.</param>
/// <param name="Command">The checker's command line (tool first), given the directory holding the rendered file
/// as the checker sees it (a container sees another path than this machine).</param>
/// <param name="Support">Other files the checker needs beside the rendered one (file name to content), given that directory.</param>
public sealed record TemplateCheck(
    string Template,
    string Tool,
    string Install,
    object Sample,
    Func<string, IReadOnlyList<string>> Command,
    Func<string, IReadOnlyDictionary<string, string>>? Support = null)
{
    /// <summary>The rendered file's name: the template's own.</summary>
    public string FileName => Path.GetFileName(Template);
}

/// <summary>What a template check found.</summary>
public enum TemplateCheckOutcome
{
    /// <summary>The checker accepted the rendered file.</summary>
    Passed,

    /// <summary>The template did not render, or the checker rejected it.</summary>
    Failed,

    /// <summary>No checker here and no image to run one in.</summary>
    NotChecked,

    /// <summary>The template does not exist (yet).</summary>
    Absent,
}

/// <summary>One template's check: what happened, where it ran, and what the checker said.</summary>
public sealed record TemplateCheckResult(string Template, TemplateCheckOutcome Outcome, string Detail);
