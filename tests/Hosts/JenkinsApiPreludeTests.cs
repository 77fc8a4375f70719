using Workload.Hosts;
using Workload.Jenkins;

namespace Workload.Tests.Hosts;

/// <summary>
/// The Jenkins API prelude's curl config on a real host's sh: the admin password, read with the shell's builtins,
/// lands in curl's <c>user = "NAME:PASSWORD"</c> line with curl's escapes (a backslash and a quote escaped, CRs gone),
/// so any password the setting accepts logs in as itself.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class JenkinsApiPreludeTests(TestbedFixture fixture)
{
    [Theory]
    [InlineData("jenkins-Pw-2b8e44\n", "jenkins-Pw-2b8e44")]
    [InlineData("with\"quote\n", "with\\\"quote")]
    [InlineData("back\\slash\n", "back\\\\slash")]
    [InlineData("crlf\r\n", "crlf")]
    [InlineData("  spaces kept  \n", "  spaces kept  ")]
    [InlineData("no-newline", "no-newline")]
    [InlineData("first\nsecond\n", "first")]
    public async Task The_password_is_written_with_curls_escapes(string file, string escaped)
    {
        var host = await fixture.FreshHostAsync("prelude");
        await HostAccess.RootAsync(fixture, host, $"mkdir -p /etc/jenkins && printf '%s' {Shell.Quote(file)} > {InstallJenkins.AdminPasswordFile}");

        var auth = await HostAccess.RootAsync(fixture, host, new JenkinsApi(8080, "admin").Prelude() + "cat \"$jw/auth\"\n");

        Assert.Equal($"user = \"admin:{escaped}\"\n", auth);
    }
}
