using Workload.Tests.Schemas;

namespace Workload.Tests.Conventions;

/// <summary>The documentation says what the code does.</summary>
public sealed class DocumentationTests
{
    private static readonly string Root = TaskConventionTests.RepositoryRoot();

    [Fact]
    public void The_readme_settings_tables_match_the_code()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var begin = readme.IndexOf(SettingsReference.BeginMarker, StringComparison.Ordinal);
        var end = readme.IndexOf(SettingsReference.EndMarker, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, "README.md lacks the settings markers");

        var documented = readme[(begin + SettingsReference.BeginMarker.Length)..end];
        var expected = SettingsReference.Markdown();
        if (documented != expected && Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(Path.Combine(Root, "README.md"), readme[..(begin + SettingsReference.BeginMarker.Length)] + expected + readme[end..]);
            return;
        }

        // UPDATE_DOCS=1 dotnet test rewrites the section from the code.
        Assert.Equal(expected, documented);
    }

    [Fact]
    public void The_example_configuration_is_valid_and_mentions_every_setting()
    {
        var path = Path.Combine(Root, "workload.example.json");
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, SettingsReference.ExampleJson());
        }

        var text = File.ReadAllText(path);
        Assert.Equal(SettingsReference.ExampleJson(), text);

        var settings = SettingsLoader.Load(new SettingsSources(
            Root,
            new Dictionary<string, IReadOnlyList<string>> { ["config"] = [path] },
            new Dictionary<string, string>()));

        Assert.Equal(path, settings.ConfigFile);
        foreach (var setting in SettingDefinition.All)
        {
            Assert.Contains($"\"{setting.Key}\"", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_settings_schema_matches_the_code_and_accepts_the_example()
    {
        var path = Path.Combine(Root, SettingsSchema.FileName);
        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, SettingsSchema.Json());
        }

        var schema = File.ReadAllText(path);
        Assert.Equal(SettingsSchema.Json(), schema);

        var example = File.ReadAllText(Path.Combine(Root, "workload.example.json"));
        Assert.Contains($"\"$schema\": \"./{SettingsSchema.FileName}\"", example, StringComparison.Ordinal);
        Assert.Empty(SchemaValidator.Errors(schema, example));
    }

    [Theory]
    [InlineData("sshPort", "\"22\"")]
    [InlineData("sshPort", "70000")]
    [InlineData("plan", "\"yes\"")]
    [InlineData("provider", "\"docker\"")]
    [InlineData("project", "\"Has Spaces\"")]
    [InlineData("appExtraPackages", "[1, 2]")]
    [InlineData("grafanaAdminPassword", "\"a secret\"")]
    [InlineData("noSuchSetting", "true")]
    public void The_settings_schema_refuses_a_wrong_value(string key, string value)
    {
        var schema = File.ReadAllText(Path.Combine(Root, SettingsSchema.FileName));
        var example = File.ReadAllText(Path.Combine(Root, "workload.example.json"));

        var errors = SchemaValidator.Errors(schema, SchemaValidator.WithKey(example, key, System.Text.Json.Nodes.JsonNode.Parse(value)));

        Assert.NotEmpty(errors);
    }

    [Fact]
    public void Ci_runs_the_test_command_the_readme_gives()
    {
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));

        Assert.Contains("sudo ./test.sh ", readme, StringComparison.Ordinal);
        Assert.Contains("./test.sh", ci, StringComparison.Ordinal);
    }
}
