using System.Xml;
using System.Xml.Linq;

namespace Workload.Jenkins;

/// <summary>
/// Jenkins' XML files and config.xml answers, read and edited so that only what is changed changes: whitespace and
/// everything the tool does not manage stay as Jenkins wrote them, so a diff shows the fields that differ.
/// Jenkins writes XML 1.1 declarations, which .NET's reader refuses; the declaration is kept aside.
/// </summary>
public sealed class JenkinsXml
{
    private readonly string _declaration;
    private readonly bool _trailingNewline;
    private readonly bool _spacedEmptyElements;

    private JenkinsXml(string declaration, XElement root, bool trailingNewline, bool spacedEmptyElements = false)
    {
        _declaration = declaration;
        Root = root;
        _trailingNewline = trailingNewline;
        _spacedEmptyElements = spacedEmptyElements;
    }

    public XElement Root { get; }

    /// <summary>Reads XML text; null when it is not well-formed.</summary>
    public static JenkinsXml? TryParse(string text)
    {
        var body = text.TrimStart('\uFEFF');
        var declaration = string.Empty;
        if (body.StartsWith("<?xml", StringComparison.Ordinal))
        {
            var end = body.IndexOf("?>", StringComparison.Ordinal);
            if (end < 0)
            {
                return null;
            }

            declaration = body[..(end + 2)];
            body = body[(end + 2)..].TrimStart('\r', '\n');
            declaration += "\n";
        }

        try
        {
            var root = XElement.Parse(body, LoadOptions.PreserveWhitespace);
            return new JenkinsXml(declaration, root, text.EndsWith('\n'), text.Contains(" />", StringComparison.Ordinal));
        }
        catch (XmlException)
        {
            return null;
        }
    }

    /// <summary>
    /// The text in the style it was read in: empty elements as &lt;x/&gt; as Jenkins (XStream) writes them, unless the
    /// text read had them as &lt;x /&gt;.
    /// </summary>
    public override string ToString()
    {
        var text = Root.ToString(SaveOptions.DisableFormatting);
        return _declaration + (_spacedEmptyElements ? text : text.Replace(" />", "/>", StringComparison.Ordinal)) + (_trailingNewline ? "\n" : string.Empty);
    }

    /// <summary>The trimmed text of a child, or null when there is none.</summary>
    public static string? Text(XElement? parent, string name) => parent?.Element(name)?.Value.Trim();

    /// <summary>Sets a child's text, adding the child (indented like its siblings) when it is missing.</summary>
    public static XElement SetText(XElement parent, string name, string value)
    {
        var child = parent.Element(name);
        if (child is null)
        {
            child = new XElement(name);
            Append(parent, child);
        }

        if (child.Value != value)
        {
            child.RemoveNodes();
            if (value.Length > 0)
            {
                child.Add(new XText(value));
            }
        }

        return child;
    }

    /// <summary>Appends a child element, indented one step deeper than its parent, as Jenkins indents.</summary>
    public static void Append(XElement parent, XElement child)
    {
        var indent = IndentOf(parent);
        var last = parent.LastNode;
        if (last is XText closing && string.IsNullOrWhiteSpace(closing.Value))
        {
            closing.AddBeforeSelf(new XText("\n" + indent + "  "), child);
        }
        else
        {
            parent.Add(new XText("\n" + indent + "  "), child, new XText("\n" + indent));
        }

        Indent(child, indent + "  ");
    }

    /// <summary>Removes an element with the whitespace before it.</summary>
    public static void Remove(XElement element)
    {
        if (element.PreviousNode is XText before && string.IsNullOrWhiteSpace(before.Value))
        {
            before.Remove();
        }

        element.Remove();
    }

    private static string IndentOf(XElement element)
    {
        if (element.PreviousNode is XText text && string.IsNullOrWhiteSpace(text.Value))
        {
            var value = text.Value;
            return value[(value.LastIndexOf('\n') + 1)..];
        }

        return element.Parent is null ? string.Empty : IndentOf(element.Parent) + "  ";
    }

    /// <summary>Indents a new element's children (which were built without whitespace).</summary>
    private static void Indent(XElement element, string indent)
    {
        var children = element.Elements().ToList();
        if (children.Count == 0 || element.Nodes().OfType<XText>().Any())
        {
            return;
        }

        foreach (var child in children)
        {
            child.AddBeforeSelf(new XText("\n" + indent + "  "));
            Indent(child, indent + "  ");
        }

        element.Add(new XText("\n" + indent));
    }
}
