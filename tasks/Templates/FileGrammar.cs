using System.Text;
using System.Text.RegularExpressions;

namespace Workload.Templates;

/// <summary>One token of a rendered file, as its own program would read it.</summary>
/// <param name="Text">The token (a word, a quoted string with its quotes, a structural character, or "\n" where lines matter).</param>
/// <param name="Line">The line it starts on, from 1.</param>
/// <param name="IsWord">A plain word or string, as opposed to structure (';', '{', '=', a line end, a section header).</param>
public readonly record struct ShapeToken(string Text, int Line, bool IsWord);

/// <summary>
/// How a kind of file splits into tokens, and what a value may hold where a template puts one. Tokens are what the
/// program that reads the file (sudo, systemd, nginx, Grafana, a YAML parser, Groovy) sees as separate: comments
/// dropped, quoted strings whole, structural characters apart, line ends kept where lines end statements.
/// </summary>
public abstract partial class FileGrammar
{
    /// <summary>The kind of file, for errors: "a sudoers drop-in".</summary>
    public abstract string Name { get; }

    /// <summary>The characters a value may hold, in words.</summary>
    public abstract string ValueRule { get; }

    /// <summary>Whether a value may be several words where the template has one (nginx server_name's names).</summary>
    public virtual bool ValuesMaySpanWords => false;

    public abstract IReadOnlyList<ShapeToken> Tokenize(string text);

    /// <summary>Whether a value the template puts into this kind of file can only ever be data there.</summary>
    public abstract bool AcceptsValue(string value);

    /// <summary>The grammar of a template under templates/, by its place and name; null for a file of no known kind.</summary>
    public static FileGrammar? For(string template) => template switch
    {
        _ when template.StartsWith("sudoers/", StringComparison.Ordinal) => Sudoers,
        _ when template.StartsWith("systemd/", StringComparison.Ordinal) => SystemdUnit,
        _ when template.StartsWith("nginx/", StringComparison.Ordinal) => Nginx,
        _ when template.EndsWith(".ini", StringComparison.Ordinal) => Ini,
        _ when template.EndsWith(".yml", StringComparison.Ordinal) || template.EndsWith(".yaml", StringComparison.Ordinal) => Yaml,
        _ when template.EndsWith(".groovy", StringComparison.Ordinal) || template == "Jenkinsfile" || template.EndsWith("/Jenkinsfile", StringComparison.Ordinal) => Groovy,
        _ when template.EndsWith(".sh", StringComparison.Ordinal) => Shell,
        _ when template.EndsWith(".xml", StringComparison.Ordinal) => Xml,
        _ => null,
    };

    public static FileGrammar Sudoers { get; } = new SudoersGrammar();

    public static FileGrammar SystemdUnit { get; } = new SectionGrammar(
        "a systemd unit",
        "letters, digits and . _ / : @ + , = [ ] - (no whitespace, quotes, '%', '$', '\\' or ';')",
        SectionValuePattern(),
        continuations: true,
        quotes: "\"'");

    public static FileGrammar Nginx { get; } = new WordGrammar(
        "an nginx site",
        "letters, digits and . _ : / * @ + , = [ ] - (no whitespace beyond single spaces between names, quotes, ';', '{', '}', '#', '$' or '\\')",
        NginxValuePattern(),
        structure: ";{}",
        lineEnds: false,
        valuesMaySpanWords: true);

    public static FileGrammar Ini { get; } = new SectionGrammar(
        "an ini file",
        "letters, digits and . _ / : @ + , = [ ] - (no whitespace, quotes, ';', '#', '$', '{' or '}')",
        SectionValuePattern(),
        continuations: false,
        quotes: "\"'`");

    public static FileGrammar Yaml { get; } = new YamlGrammar();

    public static FileGrammar Groovy { get; } = new GroovyGrammar();

    public static FileGrammar Xml { get; } = new XmlGrammar();

    public static FileGrammar Shell { get; } = new WordGrammar(
        "a shell script",
        "letters, digits and . _ / : @ + , = - (no whitespace, quotes, '$', '`', ';', '&', '|', '<', '>' or parentheses)",
        ShellValuePattern(),
        structure: ";&|<>()",
        lineEnds: true,
        valuesMaySpanWords: false);

    [GeneratedRegex(@"^[A-Za-z0-9._/:@+,=\[\]-]+\z")]
    private static partial Regex SectionValuePattern();

    [GeneratedRegex(@"^[A-Za-z0-9._:/*@+,=\[\]-]+\z")]
    private static partial Regex NginxValuePattern();

    [GeneratedRegex(@"^[A-Za-z0-9._/:@+,=-]+\z")]
    private static partial Regex ShellValuePattern();

    private static IEnumerable<(string Text, int Line)> Lines(string text)
    {
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            yield return (lines[index].TrimEnd('\r'), index + 1);
        }
    }

    /// <summary>Lines joined where one ends with a backslash, as sudo and systemd read them.</summary>
    private static IEnumerable<(string Text, int Line)> LogicalLines(string text)
    {
        var pending = new StringBuilder();
        var start = 0;
        foreach (var (line, number) in Lines(text))
        {
            if (pending.Length == 0)
            {
                start = number;
            }

            if (line.EndsWith('\\'))
            {
                pending.Append(line[..^1]).Append(' ');
                continue;
            }

            pending.Append(line);
            yield return (pending.ToString(), start);
            pending.Clear();
        }

        if (pending.Length > 0)
        {
            yield return (pending.ToString(), start);
        }
    }

    /// <summary>
    /// Splits one line into words, quoted strings (quotes kept, backslash escapes inside) and the given structural
    /// characters, stopping at a comment character that starts a word.
    /// </summary>
    private static void SplitLine(string line, int number, string structure, string quotes, string comment, List<ShapeToken> tokens)
    {
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0)
            {
                tokens.Add(new ShapeToken(word.ToString(), number, true));
                word.Clear();
            }
        }

        for (var index = 0; index < line.Length; index++)
        {
            var c = line[index];
            if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (word.Length == 0 && comment.Contains(c, StringComparison.Ordinal))
            {
                return;
            }
            else if (quotes.Contains(c, StringComparison.Ordinal))
            {
                var end = index + 1;
                while (end < line.Length && line[end] != c)
                {
                    end += line[end] == '\\' ? 2 : 1;
                }

                word.Append(line, index, Math.Min(end + 1, line.Length) - index);
                index = end;
            }
            else if (c == '\\' && index + 1 < line.Length)
            {
                word.Append(c).Append(line[++index]);
            }
            else if (structure.Contains(c, StringComparison.Ordinal))
            {
                Flush();
                tokens.Add(new ShapeToken(c.ToString(), number, false));
            }
            else
            {
                word.Append(c);
            }
        }

        Flush();
    }

    private static void EndLine(List<ShapeToken> tokens, int number, int countBefore)
    {
        if (tokens.Count > countBefore)
        {
            tokens.Add(new ShapeToken("\n", number, false));
        }
    }

    /// <summary>sudoers(5): a line is a statement; ',', ':', '=', '(', ')' and '!' separate; '#' starts a comment, except #include and a #uid.</summary>
    private sealed partial class SudoersGrammar : FileGrammar
    {
        public override string Name => "a sudoers drop-in";

        public override string ValueRule => "letters, digits, '.', '_', '/', '+' and '-', and not ALL or an alias name";

        public override IReadOnlyList<ShapeToken> Tokenize(string text)
        {
            var tokens = new List<ShapeToken>();
            foreach (var (line, number) in LogicalLines(text))
            {
                var trimmed = line.TrimStart();
                var before = tokens.Count;
                if (IncludePattern().IsMatch(trimmed))
                {
                    // An include directive looks like a comment and is not one.
                    tokens.Add(new ShapeToken(trimmed.Split(' ', 2)[0], number, false));
                    SplitLine(trimmed.Split(' ', 2).ElementAtOrDefault(1) ?? string.Empty, number, string.Empty, "\"", string.Empty, tokens);
                }
                else
                {
                    SplitLine(UidAware(line), number, ",:=()!", "\"", "#", tokens);
                }

                EndLine(tokens, number, before);
            }

            return tokens;
        }

        public override bool AcceptsValue(string value) =>
            SudoersValuePattern().IsMatch(value) && !AliasPattern().IsMatch(value);

        /// <summary>"#1000" names a user by uid; hide its '#' from the comment rule.</summary>
        private static string UidAware(string line) => UidPattern().Replace(line, m => m.Value.Replace('#', '\u0001'));

        [GeneratedRegex(@"^[#@]include(dir)?\b")]
        private static partial Regex IncludePattern();

        [GeneratedRegex(@"(?<=^|[\s,(=!])#[0-9]+")]
        private static partial Regex UidPattern();

        [GeneratedRegex(@"^[A-Za-z0-9._/+-]+\z")]
        private static partial Regex SudoersValuePattern();

        [GeneratedRegex(@"^[A-Z][A-Z0-9_]*\z")]
        private static partial Regex AliasPattern();
    }

    /// <summary>
    /// A file of [Section] headers and Key=value lines, with '#' and ';' comment lines: a systemd unit
    /// (systemd.syntax(7), backslash continuations) or an ini file as Grafana reads it.
    /// </summary>
    private sealed class SectionGrammar(string name, string valueRule, Regex valuePattern, bool continuations, string quotes) : FileGrammar
    {
        public override string Name => name;

        public override string ValueRule => valueRule;

        public override IReadOnlyList<ShapeToken> Tokenize(string text)
        {
            var tokens = new List<ShapeToken>();
            foreach (var (line, number) in continuations ? LogicalLines(text) : Lines(text))
            {
                var trimmed = line.Trim();
                if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
                {
                    continue;
                }

                if (trimmed.StartsWith('['))
                {
                    tokens.Add(new ShapeToken(trimmed, number, false));
                }
                else
                {
                    var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
                    tokens.Add(new ShapeToken(equals < 0 ? trimmed : trimmed[..equals].Trim(), number, false));
                    if (equals >= 0)
                    {
                        tokens.Add(new ShapeToken("=", number, false));
                        SplitLine(trimmed[(equals + 1)..], number, string.Empty, quotes, string.Empty, tokens);
                    }
                }

                tokens.Add(new ShapeToken("\n", number, false));
            }

            return tokens;
        }

        public override bool AcceptsValue(string value) => valuePattern.IsMatch(value);
    }

    /// <summary>YAML, line by line: indentation, words, quoted scalars whole, flow punctuation apart, '#' comments.</summary>
    private sealed partial class YamlGrammar : FileGrammar
    {
        public override string Name => "a YAML file";

        public override string ValueRule => "letters, digits and . _ / : @ + = - , not starting with a YAML indicator (- ? : , [ ] { } # & * ! | > ' \" % @ `)";

        public override IReadOnlyList<ShapeToken> Tokenize(string text)
        {
            var tokens = new List<ShapeToken>();
            foreach (var (line, number) in Lines(text))
            {
                var before = tokens.Count;
                var indent = line.Length - line.TrimStart(' ').Length;
                SplitLine(line, number, "[]{},", "\"'", "#", tokens);
                if (tokens.Count > before)
                {
                    tokens.Insert(before, new ShapeToken($"indent {indent}", number, false));
                }

                EndLine(tokens, number, before);
            }

            return tokens;
        }

        public override bool AcceptsValue(string value) => YamlValuePattern().IsMatch(value);

        [GeneratedRegex(@"^[A-Za-z0-9._/+=][A-Za-z0-9._/:@+=-]*\z")]
        private static partial Regex YamlValuePattern();
    }

    /// <summary>Groovy (a Jenkinsfile, an init script): strings whole (''' and """ too), comments dropped, punctuation apart.</summary>
    private sealed partial class GroovyGrammar : FileGrammar
    {
        public override string Name => "a Groovy script";

        public override string ValueRule => "letters, digits, spaces and . _ / : @ + , = ~ % ? - (no quotes, '$', '\\', '`', ';', '&', '|', '<', '>', parentheses or line ends: values also land in the pipeline's shell steps)";

        public override IReadOnlyList<ShapeToken> Tokenize(string text)
        {
            var tokens = new List<ShapeToken>();
            var word = new StringBuilder();
            var line = 1;
            var wordLine = 1;
            void Flush()
            {
                if (word.Length > 0)
                {
                    tokens.Add(new ShapeToken(word.ToString(), wordLine, true));
                    word.Clear();
                }
            }

            for (var index = 0; index < text.Length; index++)
            {
                var c = text[index];
                if (word.Length == 0)
                {
                    wordLine = line;
                }

                if (c == '\n')
                {
                    line++;
                    Flush();
                }
                else if (char.IsWhiteSpace(c))
                {
                    Flush();
                }
                else if (c == '/' && index + 1 < text.Length && text[index + 1] == '/')
                {
                    Flush();
                    index = text.IndexOf('\n', index) is var end and >= 0 ? end - 1 : text.Length;
                }
                else if (c == '/' && index + 1 < text.Length && text[index + 1] == '*')
                {
                    Flush();
                    var end = text.IndexOf("*/", index + 2, StringComparison.Ordinal);
                    end = end < 0 ? text.Length : end + 2;
                    line += text[index..end].Count(x => x == '\n');
                    index = end - 1;
                }
                else if (c is '\'' or '"')
                {
                    Flush();
                    var delimiter = index + 2 < text.Length && text[index + 1] == c && text[index + 2] == c ? new string(c, 3) : c.ToString();
                    var end = index + delimiter.Length;
                    while (end < text.Length && string.CompareOrdinal(text, end, delimiter, 0, delimiter.Length) != 0)
                    {
                        end += text[end] == '\\' ? 2 : 1;
                    }

                    end = Math.Min(end + delimiter.Length, text.Length);
                    tokens.Add(new ShapeToken(text[index..end], line, true));
                    line += text[index..end].Count(x => x == '\n');
                    index = end - 1;
                }
                else if ("(){}[];,".Contains(c, StringComparison.Ordinal))
                {
                    Flush();
                    tokens.Add(new ShapeToken(c.ToString(), line, false));
                }
                else
                {
                    word.Append(c);
                }
            }

            Flush();
            return tokens;
        }

        public override bool AcceptsValue(string value) => GroovyValuePattern().IsMatch(value);

        [GeneratedRegex(@"^[A-Za-z0-9._/:@+,=~%? -]*\z")]
        private static partial Regex GroovyValuePattern();
    }

    /// <summary>
    /// XML (a Jenkins job's config.xml): every tag whole, the text between tags as one word as the parser reads it
    /// (entities decoded, so a value the template escapes compares as itself), comments dropped.
    /// </summary>
    private sealed partial class XmlGrammar : FileGrammar
    {
        public override string Name => "an XML file";

        public override string ValueRule => "text without '<' or '>' (the template escapes what else XML reserves: values are element text, never markup)";

        public override IReadOnlyList<ShapeToken> Tokenize(string text)
        {
            var tokens = new List<ShapeToken>();
            var line = 1;
            var index = 0;
            while (index < text.Length)
            {
                var isComment = string.CompareOrdinal(text, index, "<!--", 0, 4) == 0;
                var end = isComment ? text.IndexOf("-->", index, StringComparison.Ordinal) + 3
                    : text[index] == '<' ? text.IndexOf('>', index) + 1
                    : text.IndexOf('<', index);
                end = end <= index ? text.Length : end;
                var piece = text[index..end];
                if (!isComment && piece.Trim().Length > 0)
                {
                    var leading = piece.Length - piece.TrimStart().Length;
                    var isText = piece[0] != '<';
                    tokens.Add(new ShapeToken(isText ? System.Net.WebUtility.HtmlDecode(piece.Trim()) : piece.Trim(), line + piece[..leading].Count(c => c == '\n'), isText));
                }

                line += piece.Count(c => c == '\n');
                index = end;
            }

            return tokens;
        }

        public override bool AcceptsValue(string value) => XmlValuePattern().IsMatch(value);

        [GeneratedRegex(@"^[^<>\p{C}]*\z")]
        private static partial Regex XmlValuePattern();
    }

    /// <summary>
    /// A file of words, quoted strings (whole) and structural characters, with '#' comments at a word's start: an nginx
    /// site (statements end at ';', '{', '}', not at line ends) or a shell script (a line is a command).
    /// </summary>
    private sealed class WordGrammar(string name, string valueRule, Regex valuePattern, string structure, bool lineEnds, bool valuesMaySpanWords) : FileGrammar
    {
        public override string Name => name;

        public override string ValueRule => valueRule;

        public override bool ValuesMaySpanWords => valuesMaySpanWords;

        public override IReadOnlyList<ShapeToken> Tokenize(string text)
        {
            var tokens = new List<ShapeToken>();
            foreach (var (line, number) in Lines(text))
            {
                var before = tokens.Count;
                SplitLine(line, number, structure, "\"'", "#", tokens);
                if (lineEnds)
                {
                    EndLine(tokens, number, before);
                }
            }

            return tokens;
        }

        public override bool AcceptsValue(string value) => valuePattern.IsMatch(value);
    }
}
