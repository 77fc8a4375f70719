namespace Workload.Templates;

/// <summary>
/// Checks, after a template is rendered and before the file goes anywhere, that the file has the template's shape:
/// parsed with its grammar, it holds exactly the template's statements (grants, keys, directives), and every value
/// the template put in sits in one token (one word, or nginx's several names) made of what that grammar allows.
/// The template's shape is read from the template itself: it is rendered twice more with harmless markers in place
/// of every text value, and the tokens the two renderings share are the template's own; the others hold values.
/// A validator on the host (visudo, systemd-analyze, nginx -t) comes after this, not instead of it.
/// </summary>
public static class TemplateShape
{
    /// <summary>A value of the model, its marker in the first and second probe renderings, and its real text.</summary>
    public sealed record Slot(string Variable, string MarkerA, string MarkerB, string Value);

    /// <summary>Throws <see cref="TemplateException"/> naming the template, the line and the value when <paramref name="rendered"/> is not the template's shape.</summary>
    public static void Check(string template, FileGrammar grammar, string rendered, string probeA, string probeB, IReadOnlyList<Slot> slots)
    {
        var a = grammar.Tokenize(probeA);
        var b = grammar.Tokenize(probeB);
        var real = grammar.Tokenize(rendered);
        if (a.Count != b.Count)
        {
            throw new TemplateException(
                $"Template {template}: its structure changes with the values it is given (a value decides how many statements it has), " +
                $"so the tool cannot check the rendered file's shape; put values only where {grammar.Name} expects data.");
        }

        var j = 0;
        for (var i = 0; i < a.Count; i++)
        {
            var expected = a[i];
            if (expected.Text == b[i].Text)
            {
                if (j >= real.Count || real[j].Text != expected.Text)
                {
                    throw Misshapen(template, grammar, rendered, real, j, expected, slots, i > 0 ? a[i - 1] : null);
                }

                j++;
                continue;
            }

            var inToken = slots.Where(s => expected.Text.Contains(s.MarkerA, StringComparison.Ordinal)).ToList();
            var spansWords = grammar.ValuesMaySpanWords && inToken.Count == 1 && expected.Text == inToken[0].MarkerA;
            foreach (var slot in inToken)
            {
                var parts = spansWords ? slot.Value.Split(' ') : [slot.Value];
                if (!parts.All(grammar.AcceptsValue))
                {
                    throw new TemplateException(
                        $"Template {template}: the value of {slot.Variable}, {Shown(slot.Value)}, cannot go into {grammar.Name} " +
                        $"(line {expected.Line} of the template's output); expected {grammar.ValueRule}.");
                }
            }

            if (spansWords)
            {
                // A value that is a whole word may be several words (nginx's server_name names), never structure.
                var words = grammar.Tokenize(inToken[0].Value);
                if (words.Count == 0 || words.Any(w => !w.IsWord)
                    || j + words.Count > real.Count || words.Where((w, k) => real[j + k].Text != w.Text).Any())
                {
                    throw Misshapen(template, grammar, rendered, real, j, expected, slots, null);
                }

                j += words.Count;
                continue;
            }

            var wanted = inToken.Aggregate(expected.Text, (text, slot) => text.Replace(slot.MarkerA, slot.Value, StringComparison.Ordinal));
            if (inToken.Count > 0 && wanted.Length == 0)
            {
                // An empty value that was a token of its own (an XML element's text) leaves no token at all.
                continue;
            }

            if (inToken.Count == 0 || j >= real.Count || real[j].Text != wanted)
            {
                throw Misshapen(template, grammar, rendered, real, j, expected, slots, null);
            }

            j++;
        }

        if (j < real.Count)
        {
            throw Misshapen(template, grammar, rendered, real, j, null, slots, a.Count > 0 ? a[^1] : null);
        }
    }

    private static TemplateException Misshapen(
        string template, FileGrammar grammar, string rendered, IReadOnlyList<ShapeToken> real, int at, ShapeToken? expected, IReadOnlyList<Slot> slots, ShapeToken? previous)
    {
        var line = at < real.Count ? real[at].Line : rendered.Split('\n').Length;
        var found = at < real.Count ? $"{Shown(real[at].Text)}" : "the end of the file";
        var wanted = expected is { } token ? Shown(token.Text) : "the end of the file";

        // The value that did it: the one whose text is on the line where the shapes part.
        var lineText = rendered.Split('\n').ElementAtOrDefault(line - 1) ?? string.Empty;
        var culprit = slots.FirstOrDefault(s => s.Value.Length > 0 && (s.Value.Contains('\n', StringComparison.Ordinal) || lineText.Contains(s.Value.Split('\n')[0], StringComparison.Ordinal)) && !grammar.AcceptsValue(s.Value))
            ?? slots.FirstOrDefault(s => !grammar.AcceptsValue(s.Value));
        var blame = culprit is null ? string.Empty : $" The value of {culprit.Variable}, {Shown(culprit.Value)}, is not one token of {grammar.Name}: expected {grammar.ValueRule}.";
        return new TemplateException(
            $"Template {template}: the rendered file is not the template's shape ({grammar.Name} with exactly the template's statements): " +
            $"at line {line} it holds {found} where the template has {(expected is null && previous is { } last ? $"nothing after {Shown(last.Text)}" : wanted)}; it was not used.{blame}");
    }

    private static string Shown(string text) => Configuration.SettingFormats.Shown(text);
}
