using Workload.Docker;

namespace Workload.Tests.Validation;

public sealed class DockerCommandLineTests
{
    [Fact]
    public void RunPutsOptionsBetweenCommandAndImage()
    {
        var settings = new DockerRunSettings { Rm = true, Name = "c1", Network = "none", User = "1000:1000", Entrypoint = "/bin/sh" };
        settings.Volume.Add("/home/me/app:/src:ro");
        settings.Volume.Add("nvd:/data");
        settings.Env.Add("NVD_API_KEY");
        settings.Label.Add("a=b");

        var argv = DockerCommandLine.Build(["run"], settings, ["img:1", "sh", "-c", "echo hi"]);

        Assert.Equal(
            ["run", "--rm", "--name", "c1", "--network", "none", "--user", "1000:1000", "--entrypoint", "/bin/sh",
             "--volume", "/home/me/app:/src:ro", "--volume", "nvd:/data", "--env", "NVD_API_KEY", "--label", "a=b",
             "img:1", "sh", "-c", "echo hi"],
            argv);
    }

    [Fact]
    public void UnsetOptionsAreLeftOut()
    {
        Assert.Equal(["run", "img"], DockerCommandLine.Build(["run"], new DockerRunSettings(), ["img"]));
        Assert.Equal(["pull", "img"], DockerCommandLine.Build(["pull"], new DockerPullSettings(), ["img"]));
    }

    [Fact]
    public void EachCommandHasItsOptions()
    {
        var build = new DockerBuildSettings { File = "Dockerfile.test", NoCache = true };
        build.Tag.Add("t:1");
        build.BuildArg.Add("X=1");
        Assert.Equal(["build", "--tag", "t:1", "--file", "Dockerfile.test", "--build-arg", "X=1", "--no-cache", "."],
            DockerCommandLine.Build(["build"], build, ["."]));

        var import = new DockerImportSettings { Message = "rootfs" };
        import.Change.Add("CMD [\"python3\"]");
        Assert.Equal(["import", "--change", "CMD [\"python3\"]", "--message", "rootfs", "r.tar", "n:1"],
            DockerCommandLine.Build(["import"], import, ["r.tar", "n:1"]));

        var volume = new DockerVolumeCreateSettings();
        volume.Label.Add("k=v");
        Assert.Equal(["volume", "create", "--label", "k=v", "v1"], DockerCommandLine.Build(["volume", "create"], volume, ["v1"]));
        Assert.Equal(["rm", "--force", "--volumes", "c"], DockerCommandLine.Build(["rm"], new DockerRmSettings { Force = true, Volumes = true }, ["c"]));
        Assert.Equal(["version", "--format", "{{.Server.Version}}"],
            DockerCommandLine.Build(["version"], new DockerVersionSettings { Format = "{{.Server.Version}}" }, []));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("/path with space/x", "\"/path with space/x\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\dir with space\\", "\"C:\\dir with space\\\\\"")]
    [InlineData("", "\"\"")]
    public void ArgumentsAreQuotedOnlyWhenNeeded(string value, string rendered) =>
        Assert.Equal(rendered, DockerArgument.Quote(value));

    [Theory]
    [InlineData("/path with space/x")]
    [InlineData("say \"hi\" \\\"there\\\"")]
    [InlineData("trailing\\")]
    [InlineData("tab\there")]
    [InlineData("")]
    public void QuotedArgumentsReachTheProcessUnchanged(string value)
    {
        // printf prints each argument it received on a line of its own: what .NET's own splitting produced.
        var info = new System.Diagnostics.ProcessStartInfo("printf", DockerArgument.Build(["%s\\n", "a", value, "b"]).Render())
        {
            RedirectStandardOutput = true,
        };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        Assert.Equal(["a", value, "b", string.Empty], output.Split('\n'));
    }
}
