namespace Workload.Tests.Configuration;

/// <summary>A list or a map takes the same two forms in every source: JSON, or comma-separated text.</summary>
public sealed partial class SettingsLoaderTests
{
    [Fact]
    public void A_list_in_the_file_may_be_comma_separated_text()
    {
        WriteConfig("""{ "appExtraPackages": "gunicorn, pymysql" }""");

        Assert.Equal(["gunicorn", "pymysql"], Load().AppExtraPackages);
    }

    [Fact]
    public void A_list_in_the_environment_or_an_argument_may_be_a_json_array()
    {
        Assert.Equal(["gunicorn", "pymysql"], Load(environment: new() { ["WORKLOAD_APP_EXTRA_PACKAGES"] = """["gunicorn", "pymysql"]""" }).AppExtraPackages);
        Assert.Equal(["pytest", "flake8"], Load(arguments: new() { ["jenkinsTestPackages"] = ["""["pytest","flake8"]"""] }).JenkinsTestPackages);
    }

    [Fact]
    public void A_map_takes_both_forms_in_the_file_and_the_environment()
    {
        WriteConfig("""{ "awsTags": "team=ops, cost=dev" }""");
        Assert.Equal("ops", Load().AwsTags["team"]);

        Assert.Equal("dev", Load(environment: new() { ["WORKLOAD_AWS_TAGS"] = """{"cost": "dev"}""" }).AwsTags["cost"]);
    }

    [Fact]
    public void A_list_that_is_neither_form_names_both()
    {
        WriteConfig("""{ "appExtraPackages": 7 }""");

        var error = LoadFails();

        Assert.Contains("appExtraPackages: got 7, expected a list (a JSON array, or one text of comma-separated items, in every source)", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Broken_json_in_a_list_variable_is_named()
    {
        var error = LoadFails(environment: new() { ["WORKLOAD_APP_EXTRA_PACKAGES"] = """["gunicorn",""" });

        Assert.Contains("not valid JSON", error, StringComparison.Ordinal);
        Assert.Contains("WORKLOAD_APP_EXTRA_PACKAGES", error, StringComparison.Ordinal);
    }
}
