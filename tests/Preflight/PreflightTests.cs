using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Workload.Tests.Preflight;

/// <summary>
/// The classes of bad input of issue 12, through the real command line: each is refused by the preflight with exit
/// code 1 and a message naming the key (or file) and what was expected, before anything is written or contacted
/// (<see cref="PreflightRun"/> checks both), and every problem of a run is in the one error.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class PreflightTests : IDisposable
{
    private readonly PreflightRun _run = new();

    public void Dispose() => _run.Dispose();

    [Fact]
    public void A_run_the_preflight_lets_through_is_seen_connecting_to_the_hosts()
    {
        // The control for every test below: this harness does see a connection when there is one.
        var (exitCode, output) = _run.Run("--target=InstallJenkins");

        Assert.True(exitCode == 1, output);
        Assert.True(_run.HostsWereContacted, output);
    }

    /// <summary>Values that would reach a file or a command on a host: each named with the format it missed.</summary>
    public static TheoryData<string, object, string> HostFileValues { get; } = new()
    {
        { "appUser", "jenkins\njenkins ALL=(ALL) NOPASSWD: ALL", "appUser: got \"jenkins\\njenkins ALL=(ALL) NOPASSWD: ALL\" (holds the control character U+000A at position 8), expected a POSIX account name" },
        { "appDirectory", "/srv/microblog\nExecStartPre=/bin/touch /tmp/owned", "appDirectory: got \"/srv/microblog\\nExecStartPre=/bin/touch /tmp/owned\" (holds the control character U+000A" },
        { "appDirectory", "srv/microblog", "appDirectory: got \"srv/microblog\", expected an absolute, normalised path on the host" },
        { "appDirectory", "/srv/my app", "appDirectory: got \"/srv/my app\", expected an absolute, normalised path on the host" },
        { "appDirectory", "", "appDirectory: got \"\", expected an absolute, normalised path on the host" },
        { "nginxServerName", "_;\n    location /x { return 200; }", "nginxServerName: got \"_;\\n    location /x { return 200; }\" (holds the control character U+000A" },
        { "nginxServerName", "_; location /x { return 200; }", "nginxServerName: got \"_; location /x { return 200; }\", expected nginx server_name names" },
        { "sshUser", "", "sshUser: got \"\", expected a POSIX account name" },
        { "project", "", "project: got \"\", expected 1 to 40 lowercase letters, digits or '-'" },
        { "project", new string('p', 600_000), "project: got \"pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp\"… (600000 characters) (is 600000 characters long, more than the 40 allowed)" },
        { "project", "micro\u202Eblog", "project: got \"micro\\u202Eblog\" (holds the control character U+202E at position 6)" },
        { "jenkinsAddress", "bücher.example", "jenkinsAddress: got \"bücher.example\" (holds non-ASCII characters; an internationalised name is written in its ASCII form, here xn--bcher-kva.example)" },
        { "appRef", "--upload-pack=touch /tmp/owned", "appRef: got \"--upload-pack=touch /tmp/owned\", expected a branch, tag or commit" },
        { "databaseUrl", "sqlite:////srv/app.db'\nSECRET_KEY=x", "databaseUrl: got \"sqlite:////srv/app.db'\\nSECRET_KEY=x\" (holds the control character U+000A" },
        { "appSystemPackages", new[] { "nginx", "-oAPT::Update::Pre-Invoke::=id" }, "appSystemPackages: got \"-oAPT::Update::Pre-Invoke::=id\" (item 2 of the list), expected a list" },
        { "sshPort", 0, "sshPort: got 0, expected a TCP port from 1 to 65535" },
    };

    [Theory]
    [MemberData(nameof(HostFileValues))]
    public void A_value_that_would_reach_a_host_file_unchecked_is_refused_before_anything(string key, object value, string expected)
    {
        _run.Configuration[key] = value;

        _run.Refused(["--target=Sudoers", "--exclusive"], expected, "(in workload.json, line 1)");
    }

    public static TheoryData<string> ReferencedFiles { get; } = ["missing key", "key open to others", "encrypted key", "garbage key", "key is a directory", "template override", "dashboard", "state file", "known_hosts"];

    /// <summary>Files the settings name, checked before they are needed: never found half-way through a run.</summary>
    [Theory]
    [MemberData(nameof(ReferencedFiles))]
    public void A_referenced_file_that_cannot_be_used_is_named_before_anything(string which)
    {
        var target = "--target=Nginx";
        string expected;
        switch (which)
        {
            case "missing key":
                _run.Configuration["sshPrivateKey"] = Path.Combine(_run.Directory, "no-such-key");
                expected = $"sshPrivateKey: the private key file {Path.Combine(_run.Directory, "no-such-key")} does not exist";
                break;
            case "key open to others":
                File.SetUnixFileMode(_run.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                expected = $"sshPrivateKey: the private key file {_run.KeyFile} is accessible by group or others (mode 0644); run chmod 600 {_run.KeyFile}";
                break;
            case "encrypted key":
                var encrypted = Path.Combine(_run.Directory, "encrypted");
                using (var keygen = Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "a passphrase", "-f", encrypted]))
                {
                    keygen.WaitForExit();
                }

                _run.Configuration["sshPrivateKey"] = encrypted;
                expected = $"sshPrivateKey: the private key file {encrypted} is encrypted with a passphrase, and no passphrase source exists: set WORKLOAD_SSH_KEY_PASSPHRASE";
                break;
            case "garbage key":
                _run.Configuration["sshPrivateKey"] = _run.Write("garbage", "-----BEGIN OPENSSH PRIVATE KEY-----\nnot a key\n-----END OPENSSH PRIVATE KEY-----\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
                expected = "is not a private key the tool can read (OpenSSH or PEM format";
                break;
            case "key is a directory":
                Directory.CreateDirectory(Path.Combine(_run.Directory, "keydir"));
                _run.Configuration["sshPrivateKey"] = Path.Combine(_run.Directory, "keydir");
                expected = "keydir is a directory, not a file";
                break;
            case "template override":
                _run.Write("templates/nginx/microblog.conf", "server {\n    server_name {{ server_nam }};\n}\n");
                _run.Configuration["templatesDirectory"] = "templates";
                expected = "templatesDirectory: Template nginx/microblog.conf: ";
                _run.Refused([target], expected, "server_nam", "(its task gives: server_name, app_bind)");
                return;
            case "dashboard":
                _run.Configuration["grafanaDashboardFile"] = _run.Write("dashboard.json", """{ "name": "not a dashboard" }""");
                _run.Environment["WORKLOAD_GRAFANA_ADMIN_PASSWORD"] = "grafana-Pw-1234";
                target = "--target=GrafanaDashboard";
                expected = "grafanaDashboardFile: " + Path.Combine(_run.Directory, "dashboard.json") + " has no uid";
                break;
            case "state file":
                _run.Write(".workload/state.json", """{ "format": "microblog-workload-state/1", "project": "microblog", "provider": "existing", "hosts": { "jenkins": { "id": "a", "publicAddress": "127.0.0.1", "privateAddress": "127.0.0.1", "user": "ubuntu\nroot", "port": 22, "keyFile": "" } } }""");
                expected = "hosts.jenkins.user: got \"ubuntu\\nroot\"";
                break;
            default:
                Directory.CreateDirectory(Path.Combine(_run.Directory, ".workload", "known_hosts"));
                expected = "knownHostsFile: " + Path.Combine(_run.Directory, ".workload", "known_hosts") + " is a directory";
                break;
        }

        _run.Refused([target], expected);
    }

    public static TheoryData<string> ConfigurationFiles { get; } = ["directory", "device", "duplicate key", "one port twice", "exclusive options"];

    /// <summary>A configuration file that is not one, a key given twice, settings that contradict each other.</summary>
    [Theory]
    [MemberData(nameof(ConfigurationFiles))]
    public void A_configuration_file_that_is_not_a_settings_file_is_named_before_anything(string which)
    {
        switch (which)
        {
            case "directory":
                Directory.CreateDirectory(Path.Combine(_run.Directory, "conf.d"));
                _run.Refused(["--target=Nginx", "--config=conf.d"], $"--config: the configuration file '{Path.Combine(_run.Directory, "conf.d")}' is a directory, not a file");
                break;
            case "device":
                _run.Refused(["--target=Nginx", "--config=/dev/zero"], "--config: the configuration file '/dev/zero' is not a regular file");
                break;
            case "duplicate key":
                _run.Write("dup.json", $"{{\n  \"provider\": \"existing\",\n  \"appUser\": \"jenkins\",\n  \"appUser\": \"root\"\n}}");
                _run.Refused(["--target=Nginx", "--config=dup.json"], "appUser: given twice in dup.json, as \"appUser\" on line 3 and as \"appUser\" on line 4; expected each key once");
                break;
            case "one port twice":
                _run.Configuration["nodeExporterListenAddress"] = ":8080";
                _run.Refused(["--target=Nginx"], "jenkinsPort and nodeExporterListenAddress: both use port 8080 on the Jenkins host; expected a port of its own for each service");
                break;
            default:
                _run.Configuration["pipNoIndex"] = true;
                _run.Configuration["pipIndexUrl"] = "http://10.0.0.1/simple";
                _run.Refused(["--target=Nginx"], "pipNoIndex and pipIndexUrl: both set (workload.json; workload.json), but they exclude each other");
                break;
        }
    }

    [Fact]
    public void A_configuration_file_with_a_byte_order_mark_is_read()
    {
        File.WriteAllBytes(Path.Combine(_run.Directory, "bom.json"), [.. Encoding.UTF8.Preamble, .. "{ \"project\": \"bom-project\" }"u8.ToArray()]);

        var (exitCode, output) = _run.Run("--config=bom.json", "--target=Nginx", "--dryrun");

        Assert.True(exitCode == 0, output);
    }

    public static TheoryData<string[], string> CommandLines { get; } = new()
    {
        { ["--target=Nginx", "--config"], "--config: given without a value; expected the path of a configuration file" },
        { ["--target=Nginx", "--plan", "--plan=false"], "--plan: given 2 times with different values (bare, \"false\"); expected one value" },
        { ["--target=Deploy", "--target=Destroy"], "--target: Destroy deletes what the other tasks of this run" },
        { ["--target=Nginx", "--SSHPORT=70000"], "sshPort: got \"70000\", expected a TCP port from 1 to 65535 (from argument --SSHPORT)" },
        { ["--target=Nginx", "--appUser", "x", "--appUser", "y"], "--appUser: given 2 times with different values (\"x\", \"y\")" },
    };

    /// <summary>The command line: nothing it says is dropped, and nothing contradictory runs.</summary>
    [Theory]
    [MemberData(nameof(CommandLines))]
    public void A_command_line_mistake_is_named_before_anything(string[] args, string expected)
    {
        _run.Refused(args, expected);
    }

    [Theory]
    [InlineData("--sshPort=")]
    [InlineData("--verbosity=diagnostic --verbosity=quiet")]
    public void A_command_line_the_parser_would_misread_is_named_before_anything(string args)
    {
        _run.Prepare();
        var before = _run.Snapshot();

        var (exitCode, output) = _run.Run([.. args.Split(' '), "--target=Nginx"]);

        Assert.Equal(1, exitCode);
        Assert.Contains($"Error: {args.Split('=')[0]}:", output, StringComparison.Ordinal);
        Assert.Equal(before, _run.Snapshot());
    }

    [Theory]
    [InlineData("--Target=Sudoers")]
    [InlineData("--TARGET=Sudoers")]
    [InlineData("-T", "Sudoers")]
    [InlineData("-t=Sudoers")]
    public void Every_spelling_of_target_is_the_target(params string[] args)
    {
        var (exitCode, output) = _run.Run([.. args, "--dryrun"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("Targets are: Sudoers", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Deploy", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_needs_no_secrets_keys_or_host_settings_and_reaches_nothing()
    {
        _run.Configuration.Remove("jenkinsAddress");
        _run.Configuration["sshPrivateKey"] = "no-such-key";
        _run.Prepare();
        var before = _run.Snapshot();

        var (exitCode, output) = _run.Run("--target=Deploy", "--dryrun");

        Assert.True(exitCode == 0, output);
        Assert.Contains("GrafanaDashboard", output, StringComparison.Ordinal);
        Assert.DoesNotContain("grafanaAdminPassword", output, StringComparison.Ordinal);
        Assert.Equal(before, _run.Snapshot());
    }

    [Fact]
    public void Local_only_targets_need_no_host_settings()
    {
        _run.Configuration.Remove("jenkinsAddress");
        _run.Configuration.Remove("monitoringAddress");
        Directory.CreateDirectory(Path.Combine(_run.Directory, "app"));

        var (exitCode, output) = _run.Run("--target=Jenkinsfile", "--app=app", "--plan");

        Assert.True(exitCode == 2, $"exit code {exitCode}:\n{output}");
        Assert.DoesNotContain("jenkinsAddress", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_run.Directory, "app", "Jenkinsfile")));
    }

    /// <summary>Reporting: the problems of every source in one error, a short secret named by its variable.</summary>
    [Fact]
    public void Every_problem_of_a_run_is_in_the_one_error()
    {
        _run.Configuration["appUser"] = "Jenkins";
        _run.Configuration["nginxServerName"] = "a;b";
        File.SetUnixFileMode(_run.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        _run.Environment["WORKLOAD_JENKINS_ADMIN_PASSWORD"] = "abc";
        _run.Configuration["jenkinsDependencyCheckVersion"] = "12.2.0";
        _run.Configuration.Remove("jenkinsDependencyCheckSha256");

        // Each setting once: the refused password is not "required" again.
        var output = _run.Refused(
            ["--target=Deploy"],
            "Nothing was changed; 6 problems to fix first:",
            "appUser: got \"Jenkins\"",
            "nginxServerName: got \"a;b\"",
            "jenkinsAdminPassword: got *** (is 3 characters long), expected a secret of 4 to 4096 characters without control characters (from environment variable WORKLOAD_JENKINS_ADMIN_PASSWORD)",
            "jenkinsDependencyCheckSha256: required by JenkinsPipeline for jenkinsDependencyCheckVersion 12.2.0",
            "grafanaAdminPassword: required by Monitoring",
            "sshPrivateKey: the private key file",
            "is accessible by group or others");

        Assert.DoesNotContain("abc", output.Split('\n').Single(l => l.Contains("jenkinsAdminPassword: got", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_in_a_tasks_check_is_that_task_failed()
    {
        // A port nothing listens on: the check of the first task that connects is refused.
        int closed;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
        }

        _run.Configuration["sshPort"] = closed;

        // InstallJenkins is not the target: its check runs as a dependency of Nginx's.
        var (exitCode, output) = _run.Run("--target=Nginx");

        Assert.True(exitCode == 1, output);
        Assert.Contains("An error occurred when executing task 'InstallJenkins'", output, StringComparison.Ordinal);
        Assert.Single(output.Split('\n'), l => l.TrimStart().StartsWith("InstallJenkins", StringComparison.Ordinal) && l.Contains("Failed", StringComparison.Ordinal));
        Assert.Contains($"127.0.0.1:{closed}", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
