using System.Text.RegularExpressions;
using Workload.Jenkins;
using Workload.Templates;
using Workload.Validation;
using YamlDotNet.RepresentationModel;

namespace Workload.Tests.Templates;

/// <summary>
/// Every template, rendered with hostile values in every variable that reaches it: the renderer refuses the value,
/// naming it, or the file it renders, read by an independent parser of its kind, holds exactly the directives of the
/// same template rendered with ordinary values.
/// </summary>
public sealed partial class TemplateShapeTests
{
    /// <summary>Ordinary values of every variable the built-in templates read (what a deployment with defaults writes).</summary>
    private static readonly Dictionary<string, object?> Ordinary = new()
    {
        ["user"] = "jenkins",
        ["group"] = "jenkins",
        ["app_directory"] = "/srv/microblog",
        ["environment_file"] = "/etc/microblog/microblog.env",
        ["venv"] = "/srv/microblog/venv",
        ["bind"] = "127.0.0.1:5000",
        ["workers"] = 4,
        ["server_name"] = "_",
        ["app_bind"] = "127.0.0.1:5000",
        ["systemctl"] = "/usr/bin/systemctl",
        ["journalctl"] = "/usr/bin/journalctl",
        ["listen_address"] = ":9100",
        ["retention"] = "15d",
        ["scrape_interval"] = "15s",
        ["self_target"] = "127.0.0.1:9090",
        ["node_exporter_target"] = "10.0.1.10:9100",
        ["port"] = 3000,
        ["admin_user"] = "admin",
        ["password_file"] = "/etc/grafana/admin-password",
        ["uid"] = "microblog-prometheus",
        ["url"] = "http://127.0.0.1:9090",
        ["path"] = "/var/lib/grafana/dashboards/microblog-workload",
        ["python_version"] = "3.11",
        ["venv_system_site_packages"] = true,
        ["pip_options"] = " --no-index",
        ["unit_test_path"] = "tests/unit",
        ["nvd_credentials_id"] = "nvd-api-key",
        ["dependency_check_tool"] = "DP-Check",
        ["fail_on_cvss"] = 7,
        ["packages"] = new List<string> { "gunicorn", "pymysql", "cryptography", "pytest" },
        ["extra_packages"] = new List<string> { "gunicorn", "pymysql", "cryptography" },
        ["extra_packages_shown"] = "gunicorn, pymysql, cryptography",
        ["test_packages_shown"] = "pytest",
        ["deploy_branch"] = "main",
        ["build_fingerprint"] = "3f9a1c0e8d7b6a5f",
        ["time_interval"] = "15s",
        ["description"] = "The microblog workload pipeline over https://example.com/microblog.git. Managed by microblog-workload.",
        ["scan_spec"] = "H H * * *",
        ["scan_interval_millis"] = "86400000",
        ["source_id"] = "microblog-workload-app",
        ["repository"] = "https://example.com/microblog.git",
        ["credentials_id"] = "repository-read",
        ["script_path"] = "Jenkinsfile",
    };

    /// <summary>What a hostile setting or a tampered state file could hand a template.</summary>
    public static TheoryData<string> Hostile { get; } =
    [
        "jenkins\nroot ALL=(ALL) NOPASSWD: ALL",
        "x\r\nExecStartPre=/bin/sh -c id",
        "_; location /evil { return 200; }",
        "a#comment",
        "a\"quoted\"",
        "it's",
        "50%h",
        "nul\0byte",
        new string('a', 10000),
        "Bücher",
        "evil\u202Eexe.sh",
        "ALL",
        "a b",
        "$(id)",
        "`id`",
        "${HOME}",
        "a,b",
        "a]",
        "- item",
    ];

    [Fact]
    public void Every_built_in_template_has_a_known_grammar_and_renders_with_ordinary_values()
    {
        foreach (var name in TemplateRenderer.BuiltInNames)
        {
            Assert.True(FileGrammar.For(name) is not null, $"{name} has no grammar: its rendered shape would go unchecked");
            var rendered = new TemplateRenderer().Render(name, ModelFor(name));
            Assert.DoesNotContain("{{", rendered, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_host_tasks_models_render_every_template_they_use()
    {
        var settings = new WorkloadSettings();
        var renderer = new TemplateRenderer();

        Assert.Contains("server_name _;", renderer.Render("nginx/microblog.conf", Nginx.SiteModel(settings)), StringComparison.Ordinal);
        Assert.Contains("jenkins ALL=(root) NOPASSWD: /usr/bin/systemctl restart gunicorn", renderer.Render("sudoers/microblog-jenkins", Sudoers.DropInModel(settings, "/usr/bin/systemctl", "/usr/bin/journalctl")), StringComparison.Ordinal);
        Assert.Contains("10.0.1.10:9100", renderer.Render("prometheus/prometheus.yml", Workload.Monitoring.PrometheusModel(settings, "10.0.1.10:9100")), StringComparison.Ordinal);
        Assert.Contains("nvdCredentialsId: 'nvd-api-key'", renderer.Render(JenkinsfileModel.Template, JenkinsfileModel.From(settings)), StringComparison.Ordinal);
        Assert.Contains("<remote>https://github.com/", renderer.Render("jenkins/multibranch-job.xml", new MultibranchJobSpec("microblog", settings.AppRepository, null, "Jenkinsfile", ScanInterval.TryParse("1d")!).Model()), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> TemplatesAndVariables()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in TemplateRenderer.BuiltInNames)
        {
            foreach (var variable in TemplateRenderer.Variables(Scriban.Template.Parse(new TemplateRenderer().ReadSource(name))))
            {
                if (Ordinary[variable] is string)
                {
                    data.Add(name, variable);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TemplatesAndVariables))]
    public void A_hostile_value_is_refused_or_leaves_exactly_the_templates_directives(string template, string variable)
    {
        var renderer = new TemplateRenderer();
        var ordinary = renderer.Render(template, ModelFor(template));
        var expected = Directives(template, ordinary);
        Assert.NotEmpty(expected);
        foreach (var value in Hostile)
        {
            var model = new Dictionary<string, object?>(ModelFor(template)) { [variable] = value };
            string rendered;
            try
            {
                rendered = renderer.Render(template, model);
            }
            catch (TemplateException refused)
            {
                Assert.Contains(template, refused.Message, StringComparison.Ordinal);
                Assert.Contains(variable, refused.Message, StringComparison.Ordinal);
                Assert.Contains("expected", refused.Message, StringComparison.Ordinal);
                continue;
            }

            Assert.True(
                expected.SequenceEqual(Directives(template, rendered)),
                $"{template} with {variable}={SettingFormats.Shown(value)} rendered other directives:\n{rendered}");
        }
    }

    [Fact]
    public void The_issues_injections_are_refused_naming_the_value()
    {
        var renderer = new TemplateRenderer();

        var sudoers = Assert.Throws<TemplateException>(() => renderer.Render("sudoers/microblog-jenkins",
            new Dictionary<string, object?>(ModelFor("sudoers/microblog-jenkins")) { ["user"] = "jenkins\njenkins ALL=(ALL) NOPASSWD: ALL" }));
        var unit = Assert.Throws<TemplateException>(() => renderer.Render("systemd/gunicorn.service",
            new Dictionary<string, object?>(ModelFor("systemd/gunicorn.service")) { ["app_directory"] = "/srv/microblog\nExecStartPre=/bin/touch /tmp/owned" }));
        var site = Assert.Throws<TemplateException>(() => renderer.Render("nginx/microblog.conf",
            new Dictionary<string, object?>(ModelFor("nginx/microblog.conf")) { ["server_name"] = "_;\n    location /x { return 200; }\n    #" }));

        Assert.Contains("the value of user", sudoers.Message, StringComparison.Ordinal);
        Assert.Contains("a sudoers drop-in", sudoers.Message, StringComparison.Ordinal);
        Assert.Contains("the value of app_directory", unit.Message, StringComparison.Ordinal);
        Assert.Contains("a systemd unit", unit.Message, StringComparison.Ordinal);
        Assert.Contains("the value of server_name", site.Message, StringComparison.Ordinal);
        Assert.Contains("an nginx site", site.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_server_names_are_several_names_of_the_one_directive()
    {
        var rendered = new TemplateRenderer().Render("nginx/microblog.conf",
            new Dictionary<string, object?>(ModelFor("nginx/microblog.conf")) { ["server_name"] = "example.com www.example.com" });

        Assert.Contains("server_name example.com www.example.com;", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_override_whose_structure_is_its_own_is_checked_against_itself()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("sudoers/microblog-jenkins", "{{ user }} ALL=(root) NOPASSWD: {{ systemctl }} restart gunicorn\n");
        var renderer = new TemplateRenderer(directory.Path);

        renderer.RenderSample("sudoers/microblog-jenkins");
        Assert.Equal("jenkins ALL=(root) NOPASSWD: /usr/bin/systemctl restart gunicorn\n", renderer.Render("sudoers/microblog-jenkins", ModelFor("sudoers/microblog-jenkins")));
        Assert.Throws<TemplateException>(() => renderer.Render("sudoers/microblog-jenkins",
            new Dictionary<string, object?>(ModelFor("sudoers/microblog-jenkins")) { ["systemctl"] = "/bin/sh, /usr/bin/systemctl" }));
    }

    [Fact]
    public void An_override_that_reads_a_variable_its_task_does_not_give_is_named_with_what_it_gives()
    {
        using var directory = new TemporaryDirectory();
        directory.Write("nginx/microblog.conf", "server {\n    server_name {{ server_nme }};\n}\n");

        var error = Assert.Throws<TemplateException>(() => new TemplateRenderer(directory.Path).RenderSample("nginx/microblog.conf"));

        Assert.Contains("server_nme", error.Message, StringComparison.Ordinal);
        Assert.Contains("its task gives: server_name, app_bind", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, object?> ModelFor(string template)
    {
        var variables = TemplateRenderer.Variables(Scriban.Template.Parse(new TemplateRenderer().ReadSource(template)));
        return variables.ToDictionary(v => v, v => Ordinary[v]);
    }

    /// <summary>What the program reading the file would act on, parsed independently of the renderer's own check.</summary>
    private static List<string> Directives(string template, string text) => template switch
    {
        _ when template.StartsWith("sudoers/", StringComparison.Ordinal) => SudoersGrants(text),
        _ when template.StartsWith("systemd/", StringComparison.Ordinal) || template.EndsWith(".ini", StringComparison.Ordinal) => SectionKeys(text),
        _ when template.StartsWith("nginx/", StringComparison.Ordinal) => NginxDirectives(text),
        _ when template.EndsWith(".yml", StringComparison.Ordinal) || template.EndsWith(".yaml", StringComparison.Ordinal) => YamlPaths(text),
        _ when template.EndsWith(".xml", StringComparison.Ordinal) => XmlElements(text),
        _ => QuotedStructure(text),
    };

    /// <summary>Each grant, as who may run which command; anything that is not a comment and not such a grant is listed as it is.</summary>
    private static List<string> SudoersGrants(string text) =>
        text.Split('\n').Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => GrantPattern().Match(l) is { Success: true } m ? $"one user may run one command with: {m.Groups[1].Value}" : "NOT A GRANT: " + l)
            .ToList();

    private static List<string> SectionKeys(string text)
    {
        var keys = new List<string>();
        var section = string.Empty;
        foreach (var line in text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()))
        {
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            section = line.StartsWith('[') ? line : section;
            keys.Add(line.StartsWith('[') ? line : $"{section} {line.Split('=')[0].Trim()} ({line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length} words)");
        }

        return keys;
    }

    private static List<string> NginxDirectives(string text)
    {
        var withoutComments = string.Join('\n', text.Split('\n').Select(l => l.Contains('#', StringComparison.Ordinal) ? l[..l.IndexOf('#', StringComparison.Ordinal)] : l));
        var directives = new List<string>();
        var depth = 0;
        foreach (Match statement in NginxStatementPattern().Matches(withoutComments))
        {
            var words = statement.Groups[1].Value.Split((char[])[' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
            var end = statement.Groups[2].Value;
            if (words.Length > 0)
            {
                directives.Add($"{depth}:{words[0]}{end}");
            }

            depth += end == "{" ? 1 : end == "}" ? -1 : 0;
        }

        return directives;
    }

    private static List<string> YamlPaths(string text)
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(text));
        var paths = new List<string>();
        void Walk(YamlNode node, string path)
        {
            switch (node)
            {
                case YamlMappingNode mapping:
                    foreach (var (key, value) in mapping.Children)
                    {
                        Walk(value, $"{path}/{key}");
                    }

                    break;
                case YamlSequenceNode sequence:
                    paths.Add($"{path}[{sequence.Children.Count}]");
                    for (var i = 0; i < sequence.Children.Count; i++)
                    {
                        Walk(sequence.Children[i], $"{path}[{i}]");
                    }

                    break;
                default:
                    paths.Add(path);
                    break;
            }
        }

        Walk(yaml.Documents[0].RootNode, string.Empty);
        return paths;
    }

    /// <summary>For XML: each element by its path, with its attributes' names; text is data.</summary>
    private static List<string> XmlElements(string text) =>
        // .NET reads XML 1.0 only; Jenkins writes 1.1 declarations, which change nothing here.
        [.. System.Xml.Linq.XDocument.Parse(text.Replace("<?xml version='1.1'", "<?xml version='1.0'", StringComparison.Ordinal)).Descendants().Select(e =>
            string.Join('/', e.AncestorsAndSelf().Reverse().Select(a => a.Name.LocalName)) + string.Concat(e.Attributes().Select(a => " @" + a.Name.LocalName)))];

    /// <summary>For Groovy: the lines without comments, every string's text blanked: a value may only ever be the inside of a string.</summary>
    private static List<string> QuotedStructure(string text) =>
        [.. GroovyStringPattern().Replace(text, "\"…\"").Split('\n').Select(l => l.Contains("//", StringComparison.Ordinal) ? l[..l.IndexOf("//", StringComparison.Ordinal)] : l)];

    [GeneratedRegex(@"^[^\s,:=()!#]+ ALL=\(root\) NOPASSWD: [^\s,:=()!#]+ (restart gunicorn|is-active --quiet gunicorn|-u gunicorn\.service)$")]
    private static partial Regex GrantPattern();

    [GeneratedRegex(@"([^;{}]*)([;{}])")]
    private static partial Regex NginxStatementPattern();

    [GeneratedRegex(@"'''[\s\S]*?'''|""""""[\s\S]*?""""""|'(?:[^'\\\n]|\\.)*'|""(?:[^""\\\n]|\\.)*""")]
    private static partial Regex GroovyStringPattern();
}

/// <summary>A directory of the test's own, deleted at the end.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("workload-test-").FullName;

    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
