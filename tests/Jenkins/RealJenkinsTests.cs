using Workload.Tests.EndToEnd;

namespace Workload.Tests.Jenkins;

/// <summary>
/// JenkinsPipeline against a real Jenkins (opt-in): the real jenkins.war and real plugins replace the TEST DOUBLE on a
/// testbed host the tool converged, and the task must configure them and read back a green first build. It runs only
/// where REAL_JENKINS_WAR and REAL_JENKINS_PLUGINS are given (README, "Tests": how to make them on a machine with
/// internet), and is reported as skipped otherwise.
/// </summary>
[Collection(SharedTestbed.Name)]
[SupportedOSPlatform("linux")]
public sealed class RealJenkinsTests(TestbedFixture testbed, MirrorFixture mirror)
{
    [RealJenkinsFact]
    public async Task A_real_Jenkins_is_configured_and_its_first_build_of_main_is_green()
    {
        var run = new WorkloadRun(testbed, mirror, "rj");
        run.Expect(0, "--target=NodeExporter");

        // What the host downloads, served by the testbed's mirror beside this run's app repository.
        var served = Path.Combine(Path.GetDirectoryName(run.ServedRepository)!, "real");
        Directory.CreateDirectory(Path.Combine(served, "plugins"));
        File.Copy(RealJenkinsFactAttribute.War!, Path.Combine(served, "jenkins.war"));
        var plugins = Directory.EnumerateFiles(RealJenkinsFactAttribute.Plugins!).Where(f => f.EndsWith(".jpi", StringComparison.Ordinal) || f.EndsWith(".hpi", StringComparison.Ordinal)).ToList();
        foreach (var plugin in plugins)
        {
            File.Copy(plugin, Path.Combine(served, "plugins", Path.GetFileNameWithoutExtension(plugin) + ".jpi"));
        }

        var url = run.AppRepository[..run.AppRepository.LastIndexOf('/')] + "/real";
        var java = RealJenkinsFactAttribute.JavaPackage;
        await run.OnHostAsync(HostRole.Jenkins, $$"""
            set -e
            systemctl stop jenkins
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q {{java}} >/dev/null
            curl -fsS -o /usr/share/java/jenkins.war {{url}}/jenkins.war
            rm -f /var/lib/jenkins/plugins/*.jpi /var/lib/jenkins/plugins/*.hpi
            for p in {{string.Join(' ', plugins.Select(p => Path.GetFileNameWithoutExtension(p)))}}; do curl -fsS -o "/var/lib/jenkins/plugins/$p.jpi" "{{url}}/plugins/$p.jpi"; done
            chown -R jenkins:jenkins /var/lib/jenkins/plugins
            install -d -o jenkins -g jenkins /var/cache/jenkins
            # The real package's launcher: Jenkins itself, notifying systemd when it is up (Type=notify).
            printf '#!/bin/sh\nexec java $JAVA_OPTS -jar /usr/share/java/jenkins.war --webroot=/var/cache/jenkins/war --httpPort=${JENKINS_PORT:-8080}\n' > /usr/bin/jenkins
            mkdir -p /etc/systemd/system/jenkins.service.d
            printf '[Service]\nTimeoutStartSec=900\n' > /etc/systemd/system/jenkins.service.d/real-jenkins-test.conf
            systemctl daemon-reload
            systemctl start jenkins
            """);

        var first = run.Expect(0, "--target=JenkinsPipeline", "--exclusive", "--jenkinsFirstBuildTimeoutSeconds=3600");
        Assert.Contains("microblog » main #1 SUCCESS; tests: 6 passed", first, StringComparison.Ordinal);
        Assert.Contains("JenkinsPipeline", WorkloadRun.InSyncTasks(run.Expect(0, "--target=JenkinsPipeline", "--exclusive")));
        Assert.Contains("Jenkins", await run.OnHostAsync(HostRole.Jenkins, "curl -sI http://127.0.0.1:8080/login | grep -i '^X-Jenkins:'"), StringComparison.Ordinal);
    }
}

/// <summary>
/// Runs only where a real Jenkins is given: REAL_JENKINS_WAR (a jenkins.war) and REAL_JENKINS_PLUGINS (a directory
/// of the pipeline's plugins and their dependencies, as the plugin installation manager downloads them); the Java 21
/// runtime comes from the host's apt (REAL_JENKINS_JAVA_PACKAGE, default openjdk-21-jre-headless).
/// </summary>
public sealed class RealJenkinsFactAttribute : FactAttribute
{
    public RealJenkinsFactAttribute()
    {
        if (War is null || Plugins is null)
        {
            Skip = "real Jenkins: set REAL_JENKINS_WAR (a jenkins.war) and REAL_JENKINS_PLUGINS (a plugin directory) to run; README, \"Tests\", says how to make them";
        }
        else if (!File.Exists(War) || !Directory.Exists(Plugins))
        {
            Skip = $"real Jenkins: {War} or {Plugins} does not exist";
        }
    }

    public static string? War => Environment.GetEnvironmentVariable("REAL_JENKINS_WAR") is { Length: > 0 } war ? war : null;

    public static string? Plugins => Environment.GetEnvironmentVariable("REAL_JENKINS_PLUGINS") is { Length: > 0 } plugins ? plugins : null;

    public static string JavaPackage => Environment.GetEnvironmentVariable("REAL_JENKINS_JAVA_PACKAGE") is { Length: > 0 } java ? java : "openjdk-21-jre-headless";
}
