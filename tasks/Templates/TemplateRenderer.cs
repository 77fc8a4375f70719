using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Workload.Templates;

/// <summary>A template that could not be read or rendered: names the template, the line and what was wrong.</summary>
public sealed class TemplateException(string message) : Exception(message);

/// <summary>
/// Renders the files of <c>templates/</c> with Scriban, strictly: a variable the model does not define is an error,
/// never an empty string, and the rendered file must have the template's shape (<see cref="TemplateShape"/>) before
/// anyone uses it. Templates are built into the tool; a directory given to the constructor overrides them.
/// </summary>
public sealed class TemplateRenderer(string? overrideDirectory = null)
{
    /// <summary>The largest template read: ours are a few kilobytes.</summary>
    public const long MaxTemplateBytes = 1024 * 1024;

    private const string ResourcePrefix = "templates/";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ConcurrentDictionary<string, Template> _parsed = new(StringComparer.Ordinal);

    /// <summary>The names of every built-in template, such as <c>nginx/microblog.conf</c>.</summary>
    public static IReadOnlyList<string> BuiltInNames { get; } = typeof(TemplateRenderer).Assembly
        .GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
        .Select(n => n[ResourcePrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The directory whose files replace built-in templates, or null.</summary>
    public string? OverrideDirectory => overrideDirectory;

    /// <summary>
    /// Renders <paramref name="name"/> with the model's public properties as variables, in snake_case
    /// (a property <c>AppDirectory</c> is <c>{{ app_directory }}</c> in the template), and checks the result's shape.
    /// </summary>
    public string Render(string name, object model)
    {
        var template = Parse(name);
        var globals = Globals(model);
        var rendered = RenderWith(name, template, globals);
        CheckShape(name, template, globals, rendered);
        return rendered;
    }

    /// <summary>
    /// Renders <paramref name="name"/> (the override when there is one) once with a stand-in for every variable the
    /// built-in template reads, as the preflight does before anything changes: a template that does not parse, reads a
    /// variable its task does not give, or renders into a file of another shape is found here.
    /// </summary>
    public void RenderSample(string name)
    {
        var variables = Variables(ParseText(name, BuiltInSource(name)));
        var globals = new ScriptObject();
        foreach (var variable in variables)
        {
            globals[variable] = "sample";
        }

        var template = Parse(name);
        string rendered;
        try
        {
            rendered = RenderWith(name, template, globals);
        }
        catch (TemplateException exception)
        {
            throw new TemplateException($"{exception.Message} (its task gives: {(variables.Count == 0 ? "no variables" : string.Join(", ", variables))})");
        }

        CheckShape(name, template, globals, rendered);
    }

    /// <summary>The template's text, from the override directory when it has the file, else built in.</summary>
    public string ReadSource(string name)
    {
        if (overrideDirectory is not null)
        {
            var path = Path.Combine(overrideDirectory, name);
            if (File.Exists(path))
            {
                if (Configuration.LocalFile.ReadableFileProblem(path, MaxTemplateBytes) is { } problem)
                {
                    throw new TemplateException($"Template {name}: the override {path} {problem}.");
                }

                try
                {
                    return StrictUtf8.GetString(File.ReadAllBytes(path));
                }
                catch (DecoderFallbackException)
                {
                    throw new TemplateException($"Template {name}: the override {path} is not UTF-8 text.");
                }
            }
        }

        return BuiltInSource(name);
    }

    /// <summary>The global variables a template reads, such as <c>server_name</c>.</summary>
    public static IReadOnlyList<string> Variables(Template template)
    {
        var builtIns = new TemplateContext().BuiltinObject;
        var visitor = new GlobalVariables();
        visitor.Visit(template.Page);
        return visitor.Names.Where(n => !builtIns.ContainsKey(n)).Distinct(StringComparer.Ordinal).ToList();
    }

    private static string BuiltInSource(string name)
    {
        using var stream = typeof(TemplateRenderer).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new TemplateException($"No template named {name}; built-in templates: {string.Join(", ", BuiltInNames)}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private Template Parse(string name) => _parsed.GetOrAdd(name, n => ParseText(n, ReadSource(n)));

    private static Template ParseText(string name, string source)
    {
        var template = Template.Parse(source, name);
        return template.HasErrors
            ? throw new TemplateException($"Template {name} has errors: {string.Join("; ", template.Messages)}")
            : template;
    }

    /// <summary>The variables of a model: its public properties in snake_case, or a dictionary's entries as they are named.</summary>
    private static ScriptObject Globals(object model)
    {
        var globals = new ScriptObject();
        if (model is IReadOnlyDictionary<string, object?> variables)
        {
            foreach (var (name, value) in variables)
            {
                globals[name] = value;
            }
        }
        else
        {
            globals.Import(model, renamer: StandardMemberRenamer.Default);
        }

        return globals;
    }

    private static string RenderWith(string name, Template template, ScriptObject globals)
    {
        var context = new TemplateContext { StrictVariables = true, MemberRenamer = StandardMemberRenamer.Default };
        context.PushGlobal(globals);
        try
        {
            return template.Render(context);
        }
        catch (ScriptRuntimeException exception)
        {
            throw new TemplateException($"Template {name}: {exception.Message}");
        }
    }

    /// <summary>Renders twice more with markers for the text values, and compares the shapes (see <see cref="TemplateShape"/>).</summary>
    private static void CheckShape(string name, Template template, ScriptObject globals, string rendered)
    {
        if (FileGrammar.For(name) is not { } grammar)
        {
            return;
        }

        var slots = new List<TemplateShape.Slot>();
        var probeA = new ScriptObject();
        var probeB = new ScriptObject();
        foreach (var (key, value) in globals)
        {
            if (value is string text)
            {
                var slot = NewSlot(key, text);
                probeA[key] = slot.MarkerA;
                probeB[key] = slot.MarkerB;
            }
            else if (value is IEnumerable<string> items)
            {
                // Each item of a list is a value of its own (a loop writes it where the template says).
                var itemSlots = items.Select((item, i) => NewSlot($"{key}[{i}]", item)).ToList();
                probeA[key] = itemSlots.Select(s => s.MarkerA).ToList();
                probeB[key] = itemSlots.Select(s => s.MarkerB).ToList();
            }
            else
            {
                probeA[key] = value;
                probeB[key] = value;
            }
        }

        TemplateShape.Slot NewSlot(string variable, string text)
        {
            var index = slots.Count.ToString(CultureInfo.InvariantCulture);
            var slot = new TemplateShape.Slot(variable, $"qk{index}kq", $"zk{index}kz", text);
            slots.Add(slot);
            return slot;
        }

        if (slots.Count > 0)
        {
            TemplateShape.Check(name, grammar, rendered, RenderWith(name, template, probeA), RenderWith(name, template, probeB), slots);
        }
    }

    /// <summary>Collects the names of the global variables a template reads.</summary>
    private sealed class GlobalVariables : ScriptVisitor
    {
        public List<string> Names { get; } = [];

        public override void Visit(ScriptVariableGlobal node)
        {
            Names.Add(node.Name);
            base.Visit(node);
        }

        /// <summary>In <c>html.escape</c> only <c>html</c> is a variable; <c>escape</c> is its member.</summary>
        public override void Visit(ScriptMemberExpression node)
        {
            Visit(node.Target);
        }
    }
}
