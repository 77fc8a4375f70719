using System.Xml.Linq;
using Workload.Validation;

namespace Workload.Tests.Validation;

public sealed class JUnitSummaryTests
{
    [Fact]
    public void CountsThePytestReportsCases()
    {
        // What pytest 7 writes: a testsuites root with one testsuite.
        var report = XDocument.Parse("""
            <?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest" errors="0" failures="1" skipped="1" tests="4" time="0.532">
            <testcase classname="tests.unit.test_app" name="test_redirect" time="0.1" />
            <testcase classname="tests.unit.test_app" name="test_broken" time="0.1"><failure message="assert 1 == 2&#10;more">trace</failure></testcase>
            <testcase classname="tests.unit.test_app" name="test_later" time="0.0"><skipped message="later" /></testcase>
            <testcase classname="tests.unit.test_app" name="test_user_repr" time="0.1" />
            </testsuite></testsuites>
            """);

        var summary = JUnitSummary.Parse(report);

        Assert.Equal((4, 1, 0, 1), (summary.Tests, summary.Failures, summary.Errors, summary.Skipped));
        Assert.False(summary.Passed);
        Assert.Equal("4 tests, 1 failures, 0 errors, 1 skipped in 0.53 s", summary.ToString());
        Assert.Equal(new JUnitProblem("tests.unit.test_app.test_broken", "failure", "assert 1 == 2"), Assert.Single(summary.Problems));
    }

    [Fact]
    public void ACollectionErrorIsAnError()
    {
        var summary = JUnitSummary.Parse(XDocument.Parse("""
            <testsuite name="pytest" tests="1"><testcase classname="" name="tests.unit.test_app"><error message="collection failure">ImportError</error></testcase></testsuite>
            """));

        Assert.Equal((1, 0, 1), (summary.Tests, summary.Failures, summary.Errors));
        Assert.False(summary.Passed);
    }

    [Fact]
    public void NoTestsIsNotAPass() =>
        Assert.False(JUnitSummary.Parse(XDocument.Parse("<testsuites><testsuite name=\"pytest\" tests=\"0\"/></testsuites>")).Passed);

    [Fact]
    public void SomethingElseIsRejected() =>
        Assert.Throws<InvalidDataException>(() => JUnitSummary.Parse(XDocument.Parse("<html/>")));
}
