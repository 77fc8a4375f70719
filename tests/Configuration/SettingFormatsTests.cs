namespace Workload.Tests.Configuration;

/// <summary>Each format accepts what its grammar allows and refuses the rest; no text setting takes a control character.</summary>
public sealed class SettingFormatsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("formats-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<ValueFormat, string> Valid { get; } = new()
    {
        { ValueFormat.AccountName, "jenkins" },
        { ValueFormat.AccountName, "_apt" },
        { ValueFormat.AccountName, "node-exporter_2" },
        { ValueFormat.HostPath, "/srv/microblog" },
        { ValueFormat.HostPath, "/etc/microblog/microblog.env" },
        { ValueFormat.HostPath, "/opt/app+v2/@current" },
        { ValueFormat.RelativePath, "tests/unit" },
        { ValueFormat.RelativePath, "tests/unit/test_app.py" },
        { ValueFormat.ServerNames, "_" },
        { ValueFormat.ServerNames, "example.com www.example.com" },
        { ValueFormat.ServerNames, "*.example.com .example.org mail.* 203.0.113.7" },
        { ValueFormat.ServerNames, "xn--bcher-kva.example" },
        { ValueFormat.Address, "10.0.0.5" },
        { ValueFormat.Address, "2001:db8::1" },
        { ValueFormat.Address, "jenkins.internal" },
        { ValueFormat.Project, "microblog" },
        { ValueFormat.Project, "wlt-dp0a1b" },
        { ValueFormat.InterfaceName, "wl-br0" },
        { ValueFormat.GitRepository, "https://github.com/kura-labs-org/C5-Deployment-Workload-3.git" },
        { ValueFormat.GitRepository, "git@github.com:kura-labs-org/microblog.git" },
        { ValueFormat.GitRepository, "ssh://git@example.com:2222/app.git" },
        { ValueFormat.GitRepository, "/srv/git/microblog.git" },
        { ValueFormat.GitRef, "main" },
        { ValueFormat.GitRef, "release/1.2" },
        { ValueFormat.GitRef, "0123456789abcdef0123456789abcdef01234567" },
        { ValueFormat.DatabaseUrl, "mysql+pymysql://microblog@db.example.com/microblog" },
        { ValueFormat.DatabaseUrl, "sqlite:////srv/microblog/app.db" },
        { ValueFormat.DebianPackage, "openjdk-21-jre" },
        { ValueFormat.DebianPackage, "libpq5=15.8-0+deb12u1" },
        { ValueFormat.PipRequirement, "gunicorn" },
        { ValueFormat.PipRequirement, "gunicorn==23.0.0" },
        { ValueFormat.PipRequirement, "uvicorn[standard]>=0.30,<1" },
        { ValueFormat.JenkinsPlugin, "git" },
        { ValueFormat.JenkinsPlugin, "workflow-aggregator:608.v67378e9d3db_1" },
        { ValueFormat.JenkinsId, "nvd-api-key" },
        { ValueFormat.JenkinsName, "DP-Check" },
        { ValueFormat.JenkinsName, "Dependency Check 12" },
        { ValueFormat.LoginName, "admin" },
        { ValueFormat.ImageReference, "docker.io/library/python:3.11-slim" },
        { ValueFormat.ImageReference, "localhost:5000/team/check@sha256:" + "ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12" },
        { ValueFormat.VolumeName, "workload-dependency-check-data" },
        { ValueFormat.Url, "https://keyserver.ubuntu.com/pks/lookup?op=get&search=0xF23C" },
        { ValueFormat.Url, "http://[2001:db8::1]:8081/mirror/" },
        { ValueFormat.PlainUrl, "http://10.231.0.1:8081/pypi/simple" },
        { ValueFormat.ListenAddress, ":9100" },
        { ValueFormat.ListenAddress, "[::1]:9090" },
        { ValueFormat.HostAndPort, "10.0.1.10:9100" },
        { ValueFormat.Version, "1.11.1" },
        { ValueFormat.AwsRegion, "us-east-1" },
        { ValueFormat.InstanceType, "t3.small" },
        { ValueFormat.AmiId, "ami-0123456789abcdef0" },
        { ValueFormat.SubnetId, "subnet-0123456789abcdef0" },
    };

    public static TheoryData<ValueFormat, string> Invalid { get; } = new()
    {
        { ValueFormat.AccountName, "" },
        { ValueFormat.AccountName, "jenkins\nroot" },
        { ValueFormat.AccountName, "Jenkins" },
        { ValueFormat.AccountName, "-jenkins" },
        { ValueFormat.AccountName, "jen kins" },
        { ValueFormat.AccountName, "jenkins$" },
        { ValueFormat.AccountName, new string('a', 33) },
        { ValueFormat.HostPath, "" },
        { ValueFormat.HostPath, "srv/microblog" },
        { ValueFormat.HostPath, "/srv/my app" },
        { ValueFormat.HostPath, "/srv/microblog\nExecStartPre=/bin/sh" },
        { ValueFormat.HostPath, "/srv/../etc" },
        { ValueFormat.HostPath, "/srv/./app" },
        { ValueFormat.HostPath, "/srv//app" },
        { ValueFormat.HostPath, "/srv/app/" },
        { ValueFormat.HostPath, "/srv/it's" },
        { ValueFormat.HostPath, "/srv/%h" },
        { ValueFormat.HostPath, "/srv/$HOME" },
        { ValueFormat.HostPath, "/" },
        { ValueFormat.HostPath, "/etc" },
        { ValueFormat.HostPath, "/" + new string('a', 255) },
        { ValueFormat.RelativePath, "../outside" },
        { ValueFormat.RelativePath, "/abs" },
        { ValueFormat.RelativePath, "--collect-only" },
        { ValueFormat.ServerNames, "_;\n    location /x { return 200; }" },
        { ValueFormat.ServerNames, "a  b" },
        { ValueFormat.ServerNames, "~^(?<user>.+)\\.example\\.net$" },
        { ValueFormat.ServerNames, "bücher.example" },
        { ValueFormat.ServerNames, "" },
        { ValueFormat.Address, "bücher.example" },
        { ValueFormat.Address, "example.com\n" },
        { ValueFormat.Address, "exa\u202Emple.com" },
        { ValueFormat.Address, "-bad.example" },
        { ValueFormat.Address, "fe80::1%eth0" },
        { ValueFormat.Project, "" },
        { ValueFormat.Project, "MicroBlog" },
        { ValueFormat.Project, "micro_blog" },
        { ValueFormat.Project, "-microblog" },
        { ValueFormat.Project, "microblog-" },
        { ValueFormat.Project, "sg-microblog" },
        { ValueFormat.Project, new string('a', 41) },
        { ValueFormat.InterfaceName, "a-very-long-bridge" },
        { ValueFormat.GitRepository, "ext::sh -c touch% /tmp/owned" },
        { ValueFormat.GitRepository, "-uhttps://example.com" },
        { ValueFormat.GitRepository, "https://example.com/a b.git" },
        { ValueFormat.GitRepository, "fd::17/evil" },
        { ValueFormat.GitRef, "--upload-pack=touch /tmp/owned" },
        { ValueFormat.GitRef, "a..b" },
        { ValueFormat.GitRef, "main.lock" },
        { ValueFormat.GitRef, "main@{1}" },
        { ValueFormat.DatabaseUrl, "sqlite:////srv/app.db'\nSECRET_KEY=x" },
        { ValueFormat.DatabaseUrl, "not a url" },
        { ValueFormat.DebianPackage, "nginx; rm -rf /" },
        { ValueFormat.DebianPackage, "-oAPT::Update::Pre-Invoke::=id" },
        { ValueFormat.PipRequirement, "--index-url=http://evil/simple" },
        { ValueFormat.PipRequirement, "git+https://example.com/pkg.git" },
        { ValueFormat.PipRequirement, "pkg @ https://example.com/pkg.whl" },
        { ValueFormat.JenkinsPlugin, "git:1.0:http://evil/git.hpi" },
        { ValueFormat.JenkinsId, "nvd'; rm -rf /" },
        { ValueFormat.JenkinsName, "DP-Check'" },
        { ValueFormat.JenkinsName, " DP" },
        { ValueFormat.LoginName, "admin\nadmin_password = x" },
        { ValueFormat.ImageReference, "--privileged" },
        { ValueFormat.ImageReference, "Python:3" },
        { ValueFormat.VolumeName, "/var/lib/docker" },
        { ValueFormat.Url, "ftp://example.com/key" },
        { ValueFormat.Url, "https://example.com/a b" },
        { ValueFormat.Url, "https://example.com/key#fragment" },
        { ValueFormat.Url, "https://bücher.example/key" },
        { ValueFormat.Url, "https://example.com/\"key" },
        { ValueFormat.PlainUrl, "https://mirror/simple?x=1&y=2" },
        { ValueFormat.PlainUrl, "https://mirror/simple;id" },
        { ValueFormat.ListenAddress, "::1:9090" },
        { ValueFormat.ListenAddress, "127.0.0.1:99999" },
        { ValueFormat.ListenAddress, "127.0.0.1:5000 --reload" },
        { ValueFormat.HostAndPort, ":9100" },
        { ValueFormat.Version, "1.11.1\n" },
        { ValueFormat.Version, "1.11.1 ; id" },
        { ValueFormat.Duration, "15d\n" },
        { ValueFormat.Sha256, new string('a', 64) + "\n" },
        { ValueFormat.AwsRegion, "us-east-1\n" },
        { ValueFormat.InstanceType, "t3 small" },
        { ValueFormat.Text, "a\u0000b" },
        { ValueFormat.Text, "bidi\u202Eoverride" },
        { ValueFormat.Text, "line\u2028separator" },
        { ValueFormat.Text, new string('a', SettingFormats.TextMaxLength + 1) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void A_value_of_the_formats_grammar_is_accepted(ValueFormat format, string text)
    {
        Assert.Null(SettingFormats.Problem(format, text, _directory));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void A_value_outside_the_formats_grammar_is_refused(ValueFormat format, string text)
    {
        Assert.NotNull(SettingFormats.Problem(format, text, _directory));
    }

    [Fact]
    public void Every_format_has_words_for_the_error_and_the_readme()
    {
        foreach (var format in Enum.GetValues<ValueFormat>())
        {
            Assert.True(SettingFormats.Rules.TryGetValue(format, out var rule), $"{format} has no rule");
            Assert.NotEmpty(rule.Expectation);
            Assert.InRange(rule.MaxLength, 1, SettingFormats.TextMaxLength);
        }
    }

    [Fact]
    public void Every_text_setting_that_reaches_a_file_or_a_command_has_a_format_of_its_own()
    {
        var plainText = SettingDefinition.All
            .Where(d => (d.ValueType == typeof(string) || d.ValueType == typeof(List<string>)) && d.Allowed is null && d.Format == ValueFormat.Text)
            .Select(d => d.Key)
            .ToList();

        Assert.Empty(plainText);
    }

    [Fact]
    public void No_text_setting_takes_a_control_character_from_any_source()
    {
        foreach (var setting in SettingDefinition.All.Where(d => d.ValueType == typeof(string) || d.ValueType == typeof(List<string>) || d.ValueType == typeof(Dictionary<string, string>) || d.IsSecret))
        {
            foreach (var hostile in new[] { "a\nb", "a\u0000b", "a\u202Eb", "a\u2029b", "a\u001Bb" })
            {
                var value = setting.ValueType == typeof(Dictionary<string, string>) ? "name=" + hostile : hostile + "long";
                var problem = SettingValueParser.TryFromText(setting, value, _directory, out _);
                Assert.True(problem is not null, $"{setting.Key} took {SettingFormats.Shown(value)}");
                Assert.StartsWith(setting.Key, problem, StringComparison.Ordinal);
                Assert.DoesNotContain(hostile, problem, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void An_internationalised_host_name_is_refused_with_its_ascii_form()
    {
        var problem = SettingFormats.Problem(ValueFormat.Address, "bücher.example", _directory);

        Assert.Contains("xn--bcher-kva.example", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_control_character_is_named_by_its_code_point_and_position_and_never_printed()
    {
        var problem = SettingFormats.Problem(ValueFormat.AccountName, "jenkins\u202Eroot", _directory);

        Assert.Equal("holds the control character U+202E at position 8", problem);
        Assert.Equal("\"jenkins\\u202Eroot\"", SettingFormats.Shown("jenkins\u202Eroot"));
    }

    [Fact]
    public void A_huge_value_is_shown_cut_with_its_length()
    {
        var shown = SettingFormats.Shown(new string('p', 100_000));

        Assert.EndsWith("… (100000 characters)", shown, StringComparison.Ordinal);
        Assert.True(shown.Length < 120);
    }

    [Fact]
    public void Existing_files_must_be_regular_files_and_directories_directories()
    {
        File.WriteAllText(Path.Combine(_directory, "file"), "x");

        Assert.Null(SettingFormats.Problem(ValueFormat.ExistingFile, "file", _directory));
        Assert.Equal("is a directory", SettingFormats.Problem(ValueFormat.ExistingFile, ".", _directory));
        Assert.Equal("is not a regular file (a device, a pipe or a socket)", SettingFormats.Problem(ValueFormat.ExistingFile, "/dev/zero", _directory));
        Assert.Equal("does not exist", SettingFormats.Problem(ValueFormat.ExistingDirectory, "missing", _directory));
        Assert.Equal("is a file", SettingFormats.Problem(ValueFormat.ExistingDirectory, "file", _directory));
    }

    [Fact]
    public void A_mounted_directory_may_not_hold_what_mount_options_separate()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "a,b"));

        Assert.NotNull(SettingFormats.Problem(ValueFormat.MountableDirectory, "a,b", _directory));
        Assert.NotNull(SettingFormats.Problem(ValueFormat.MountPath, "/var/lib/with:colon", _directory));
        Assert.NotNull(SettingFormats.Problem(ValueFormat.MountPath, "/", _directory));
        Assert.Null(SettingFormats.Problem(ValueFormat.MountPath, "/var/lib/workload-testbed", _directory));
    }
}
