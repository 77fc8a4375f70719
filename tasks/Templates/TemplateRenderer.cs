using System.Reflection;
using Scriban;
using Scriban.Runtime;

namespace Workload.Templates;

/// <summary>A template that could not be read or rendered: names the template, the line and what was wrong.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// Renders the files of <c>templates/</c> with Scriban, strictly: a variable the model does not define is an error,
/// never an empty string. Templates are built into the tool; a directory given to the constructor overrides them.
/// </summary>
public sealed class TemplateRenderer(string? overrideDirectory = null)
{
    private const string ResourcePrefix = "templates/";

    /// <summary>The names of every built-in template, such as <c>nginx/microblog.conf</c>.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = typeof(TemplateRenderer).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>
    /// Renders <paramref name="name"/> with the model's public properties as variables, in snake_case
    /// (a property <c>AppDirectory</c> is <c>{{ app_directory }}</c> in the template).
    /// </summary>
    public string Render(string name, object model)
    {
        var source = ReadSource(name);
        var template = Template.Parse(source, name);
        if (template.HasErrors)
        {
            throw new TemplateException($"Template {name} has errors: {string.Join("; ", template.Messages)}");
        }

        var globals = new ScriptObject();
        globals.Import(model, renamer: StandardMemberRenamer.Default);
        var context = new TemplateContext { StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default };
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (Scriban.Syntax.ScriptRuntimeException exception)
        {
            throw new TemplateException($"Template {name}: {exception.Message}");
        }
    }

    /// <summary>The template's text, from the override directory when it has the file, else built in.</summary>
    public string ReadSource(string name)
    {
        if (overrideDirectory is not null)
        {
            var path = Path.Combine(overrideDirectory, name);
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new TemplateException($"No template named {name}; built-in templates: {string.Join(", ", BuiltInNames)}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
