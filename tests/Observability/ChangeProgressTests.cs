using Microsoft.Extensions.Time.Testing;
using Workload.Observability;
using Workload.Tests.Validation;
using Xunit;

namespace Workload.Tests.Observability;

/// <summary>Progress of a task's changes on a fake clock: the lines at each change, the heartbeat while one runs long, none after the task.</summary>
public sealed class ChangeProgressTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingLog _log = new();

    [Fact]
    public void A_long_change_has_a_heartbeat_every_ten_seconds_with_host_task_and_elapsed_time()
    {
        using var progress = new ChangeProgress(_log, "jenkins", "InstallJenkins", 2, _clock);
        progress.Starting("install packages openjdk-21-jre-headless", wasPlanned: true);
        _clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(["jenkins InstallJenkins: change 1 of 2 ..."], Lines());

        _clock.Advance(TimeSpan.FromSeconds(1));
        _clock.Advance(TimeSpan.FromSeconds(10));
        progress.Starting("enable, start jenkins.service", wasPlanned: true);
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(
            [
                "jenkins InstallJenkins: change 1 of 2 ...",
                "jenkins InstallJenkins: change 1 of 2 still running (10.0 s)",
                "jenkins InstallJenkins: change 1 of 2 still running (20.0 s)",
                "jenkins InstallJenkins: took 20.0 s",
                "jenkins InstallJenkins: change 2 of 2 ...",
                "jenkins InstallJenkins: change 2 of 2 still running (10.0 s)",
            ],
            Lines());
    }

    [Fact]
    public void The_verification_after_the_last_change_has_a_heartbeat_and_nothing_follows_the_task()
    {
        var progress = new ChangeProgress(_log, "monitoring", "Monitoring", 1, _clock);
        progress.Starting("install package grafana", wasPlanned: true);
        _clock.Advance(TimeSpan.FromSeconds(3));
        progress.Done();
        _clock.Advance(TimeSpan.FromSeconds(10));
        progress.Dispose();
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(
            [
                "monitoring Monitoring: change 1 of 1 ...",
                "monitoring Monitoring: took 3.0 s",
                "monitoring Monitoring: 1 change in 3.0 s",
                "monitoring Monitoring: verifying the result (10.0 s)",
            ],
            Lines());
    }

    [Fact]
    public void Short_changes_have_no_heartbeat()
    {
        using var progress = new ChangeProgress(_log, "jenkins", "Nginx", 2, _clock);
        progress.Starting("update file /etc/nginx/sites-available/microblog", wasPlanned: true);
        _clock.Advance(TimeSpan.FromSeconds(2));
        progress.Starting("reload nginx.service", wasPlanned: true);
        _clock.Advance(TimeSpan.FromSeconds(9));

        Assert.DoesNotContain(Lines(), line => line.Contains("still running", StringComparison.Ordinal));
    }

    private List<string> Lines() => _log.Lines.Where(l => l.Level == Cake.Core.Diagnostics.LogLevel.Information).Select(l => l.Text).ToList();
}
