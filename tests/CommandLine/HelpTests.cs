using System.Text.RegularExpressions;

namespace Workload.Tests.CommandLine;

/// <summary>--help, --help KEY and --info, as a user reads them on an 80-column terminal or in a pipe.</summary>
public sealed class HelpTests : IDisposable
{
    private static readonly Dictionary<string, string> EightyColumns = new() { ["COLUMNS"] = "80" };

    private readonly string _directory = Directory.CreateTempSubdirectory("workload-help-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Help_at_80_columns_has_every_setting_name_whole_on_a_line_of_its_own_group()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, EightyColumns, "--help");

        Assert.Equal(0, exitCode);
        var lines = output.Split('\n').Select(l => l.TrimEnd()).ToList();
        Assert.All(lines, line => Assert.True(line.Length <= 80, $"longer than 80 columns: {line}"));
        foreach (var group in SettingDefinition.All.GroupBy(s => s.Group))
        {
            var heading = lines.IndexOf(group.Key);
            Assert.True(heading >= 0, $"no heading for the group {group.Key}");
            foreach (var setting in group)
            {
                var line = lines.FindIndex(heading, l => Regex.IsMatch(l, $@"^  {setting.Key}(\s|$)"));
                Assert.True(line > heading, $"{setting.Key} is not whole at the start of a line under {group.Key}");
            }
        }
    }

    [Fact]
    public void Help_lists_the_options_first_with_config_and_plan()
    {
        var (_, output) = WorkloadProcess.Run(_directory, EightyColumns, "--help");

        var options = output.IndexOf("OPTIONS:", StringComparison.Ordinal);
        Assert.True(options >= 0 && options < output.IndexOf("TARGETS:", StringComparison.Ordinal));
        Assert.True(options < output.IndexOf("SETTINGS:", StringComparison.Ordinal));
        var optionsSection = output[options..output.IndexOf("TARGETS:", StringComparison.Ordinal)];
        Assert.Matches(@"\n\s+--config <PATH>\s", optionsSection);
        Assert.Matches(@"\n\s+--plan\s", optionsSection);
        Assert.Matches(@"\n\s+-t, --target <TARGET>\s", optionsSection);
    }

    [Fact]
    public void Help_with_a_key_shows_that_setting_in_full()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, EightyColumns, "--help", "jenkinsstarttimeoutseconds");

        Assert.Equal(0, exitCode);
        Assert.StartsWith("jenkinsStartTimeoutSeconds (Jenkins)\n", output, StringComparison.Ordinal);
        Assert.Contains("Expected: an integer from", output, StringComparison.Ordinal);
        Assert.Contains("Default: 300", output, StringComparison.Ordinal);
        Assert.Contains("WORKLOAD_JENKINS_START_TIMEOUT_SECONDS", output, StringComparison.Ordinal);
        Assert.All(output.Split('\n'), line => Assert.True(line.Length <= 80, $"longer than 80 columns: {line}"));
    }

    [Fact]
    public void Help_with_an_unknown_key_exits_1_with_a_suggestion()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--help=grafanaAdminPasword");

        Assert.Equal(1, exitCode);
        Assert.Contains("--help grafanaAdminPasword: no setting has this name; did you mean grafanaAdminPassword?", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Info_shows_the_version_the_commit_and_what_the_tool_does()
    {
        var (exitCode, output) = WorkloadProcess.Run(_directory, null, "--info");

        Assert.Equal(0, exitCode);
        Assert.DoesNotContain("Unknown", output, StringComparison.Ordinal);
        Assert.Matches(@"^microblog-workload \d+\.\d+\.\d+ \(Cake\.Core ", output);
        Assert.Contains("Stands up and keeps the microblog deployment", output, StringComparison.Ordinal);
        Assert.Matches(@"Engine: Cake\.Core \d+\.\d+\.\d+, Cake\.Common \d+\.\d+\.\d+, Spectre\.Console\.Cli \d+\.\d+\.\d+", output);
    }
}
