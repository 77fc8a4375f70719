using System.Globalization;
using System.Xml.Linq;

namespace Workload.Validation;

/// <summary>A test that did not pass: its name, <c>failure</c> or <c>error</c>, and the first line of its message.</summary>
public sealed record JUnitProblem(string Test, string Kind, string Message);

/// <summary>
/// What a JUnit XML report says, counted from its test cases (pytest writes one <c>testsuite</c>, other runners
/// several, under a <c>testsuites</c> root or not), so that the counts match the cases listed.
/// </summary>
public sealed record JUnitSummary(int Tests, int Failures, int Errors, int Skipped, double Seconds, IReadOnlyList<JUnitProblem> Problems)
{
    /// <summary>No failures and no errors; at least one test ran.</summary>
    public bool Passed => Tests > 0 && Failures == 0 && Errors == 0;

    /// <summary>Reads the report at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a JUnit report.</exception>
    public static JUnitSummary Load(string path)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(path);
        }
        catch (System.Xml.XmlException exception)
        {
            throw new InvalidDataException($"{path} is not a JUnit XML report: {exception.Message}", exception);
        }

        return Parse(document, path);
    }

    /// <summary>Counts the cases of a report.</summary>
    public static JUnitSummary Parse(XDocument document, string name = "report")
    {
        ArgumentNullException.ThrowIfNull(document);
        var root = document.Root;
        if (root is null || (root.Name.LocalName != "testsuites" && root.Name.LocalName != "testsuite"))
        {
            throw new InvalidDataException($"{name} is not a JUnit XML report: its root element is <{root?.Name.LocalName}>, expected <testsuites> or <testsuite>");
        }

        var suites = root.Name.LocalName == "testsuite" ? [root] : root.Elements("testsuite").ToList();
        var cases = suites.SelectMany(s => s.Descendants("testcase")).ToList();
        var problems = cases
            .SelectMany(c => c.Elements().Where(e => e.Name.LocalName is "failure" or "error")
                .Select(e => new JUnitProblem(CaseName(c), e.Name.LocalName, FirstLine(e))))
            .ToList();
        return new JUnitSummary(
            cases.Count,
            cases.Count(c => c.Element("failure") is not null),
            cases.Count(c => c.Element("error") is not null),
            cases.Count(c => c.Element("skipped") is not null),
            suites.Sum(s => double.TryParse((string?)s.Attribute("time"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0),
            problems);
    }

    /// <summary>One line, as the task prints it: "2 tests, 0 failures, 0 errors, 0 skipped in 0.41 s".</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Tests} tests, {Failures} failures, {Errors} errors, {Skipped} skipped in {Seconds:0.##} s");

    private static string CaseName(XElement testCase)
    {
        var className = (string?)testCase.Attribute("classname");
        var name = (string?)testCase.Attribute("name") ?? "?";
        return string.IsNullOrEmpty(className) ? name : $"{className}.{name}";
    }

    private static string FirstLine(XElement problem)
    {
        var text = (string?)problem.Attribute("message");
        if (string.IsNullOrWhiteSpace(text))
        {
            text = problem.Value;
        }

        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;
    }
}
