using System.Text;
using Workload.Validation;

namespace Workload.Tests.Validation;

/// <summary>The real report in data/ (see its README): Dependency-Check 7.1.0 on a PHP project, three CVEs in PHPMailer.</summary>
public sealed class DependencyCheckReportTests
{
    private static readonly DependencyCheckReport Sample = DependencyCheckReport.Load(Path.Combine(TestPaths.Data, "dependency-check-report.json"));

    [Fact]
    public void TheSampleBecomesATableOfPackageCveAndCvss()
    {
        Assert.Equal("7.1.0", Sample.EngineVersion);
        Assert.Equal(9, Sample.Dependencies);
        Assert.Equal(
            [
                ("pkg:composer/phpmailer/phpmailer@5.2.28", "CVE-2021-34551", 8.1),
                ("pkg:composer/phpmailer/phpmailer@5.2.28", "CVE-2021-3603", 8.1),
                ("pkg:composer/phpmailer/phpmailer@5.2.28", "CVE-2020-13625", 7.5),
            ],
            Sample.Vulnerabilities.Select(v => (v.Package, v.Name, v.Cvss!.Value)));
        Assert.All(Sample.Vulnerabilities, v => Assert.Equal("v3", v.CvssVersion));
        Assert.Equal(8.1, Sample.HighestCvss);

        var table = VulnerabilityTable.Text(Sample.Vulnerabilities).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Package                                  Vulnerability   CVSS      Severity", table[0].TrimEnd('\r'));
        Assert.Equal("pkg:composer/phpmailer/phpmailer@5.2.28  CVE-2021-34551  8.1 (v3)  HIGH", table[1].TrimEnd('\r'));
        Assert.Equal(4, table.Length);
    }

    [Theory]
    [InlineData(7, true)]
    [InlineData(8, true)]
    [InlineData(9, false)]
    [InlineData(11, false)]
    public void TheScanFailsWhenTheHighestScoreReachesTheThreshold(int threshold, bool fails)
    {
        var verdict = VulnerabilityGate.Judge(Sample, threshold);

        Assert.Equal(fails, verdict.Failure is not null);
        Assert.StartsWith("9 dependencies, 3 vulnerabilities, highest CVSS 8.1", verdict.Summary, StringComparison.Ordinal);
        if (fails)
        {
            Assert.Contains("CVE-2021-34551 in pkg:composer/phpmailer/phpmailer@5.2.28, CVSS 8.1 (v3)", verdict.Failure, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheMarkdownTableHasOneRowAVulnerability()
    {
        var markdown = VulnerabilityTable.Markdown(Sample.Vulnerabilities).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("| Package | Vulnerability | CVSS | Severity |", markdown[0]);
        Assert.Equal("|---|---|---|---|", markdown[1]);
        Assert.Equal("| pkg:composer/phpmailer/phpmailer@5.2.28 | CVE-2020-13625 | 7.5 (v3) | HIGH |", markdown[4]);
    }

    [Fact]
    public void NewerAndOlderScoreShapesAreRead()
    {
        // Shapes of other report versions: a v4 block with cvssData, a v2-only score, an advisory with only a severity.
        const string json = """
            {"reportSchema":"1.1","scanInfo":{"engineVersion":"12.1.0"},"dependencies":[
              {"fileName":"a.whl","packages":[{"id":"pkg:pypi/a@1.0"}],"vulnerabilities":[
                {"name":"CVE-1","severity":"CRITICAL","cvssv4":{"cvssData":{"baseScore":9.3}},"cvssv3":{"baseScore":7.0}},
                {"name":"CVE-2","severity":"MEDIUM","cvssv2":{"score":5.0}}]},
              {"fileName":"b.js","vulnerabilities":[{"name":"GHSA-x","severity":"moderate"}]},
              {"fileName":"c.jar"}]}
            """;
        var report = DependencyCheckReport.Parse(new MemoryStream(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(
            [("pkg:pypi/a@1.0", "CVE-1", 9.3, "v4"), ("pkg:pypi/a@1.0", "CVE-2", 5.0, "v2"), ("b.js", "GHSA-x", 4.0, "severity")],
            report.Vulnerabilities.Select(v => (v.Package, v.Name, v.Cvss!.Value, v.CvssVersion)));
        Assert.Equal(3, report.Dependencies);
    }

    [Fact]
    public void AReportWithoutDependenciesIsRejected()
    {
        var error = Assert.Throws<InvalidDataException>(() => DependencyCheckReport.Parse(new MemoryStream("{\"auditReportVersion\":2}"u8.ToArray())));
        Assert.Contains("dependencies", error.Message, StringComparison.Ordinal);
    }
}
