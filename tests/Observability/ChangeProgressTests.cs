using Microsoft.Extensions.Time.Testing;
using Workload.Observability;
using Workload.Tests.Validation;

namespace Workload.Tests.Observability;

/// <summary>Progress of a task's changes on a fake clock: the lines at each change, the heartbeat while one runs long, none after the task.</summary>
public sealed class ChangeProgressTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly RecordingLog _log = new();

    [Fact]
    public void On_a_live_terminal_one_status_line_ticks_every_second_instead_of_heartbeat_lines_and_steps_aside_for_log_lines()
    {
        using var terminal = new StringWriter();
        var width = 120;
        var live = new Workload.Common.LiveStatus(terminal, enabled: true, () => width, _clock);
        var progress = new ChangeProgress(_log, "jenkins", "InstallJenkins", 2, _clock, live);
        progress.Starting("install packages openjdk-21-jre-headless", wasPlanned: true);
        _clock.Advance(TimeSpan.FromSeconds(12));

        // No heartbeat lines in the log; the live line shows the change and its time, redrawn each second.
        Assert.Equal(["jenkins InstallJenkins: change 1 of 2 ..."], Lines());
        Assert.EndsWith("\r\u001b[2Kjenkins InstallJenkins: change 1 of 2 (12 s)", terminal.ToString(), StringComparison.Ordinal);

        // A second host's task shares the line.
        using (var other = new ChangeProgress(_log, "monitoring", "Monitoring", 8, _clock, live))
        {
            other.Starting("install packages grafana", wasPlanned: true);
            _clock.Advance(TimeSpan.FromSeconds(1));
            Assert.EndsWith("jenkins InstallJenkins: change 1 of 2 (13 s) | monitoring Monitoring: change 1 of 8 (1 s)", terminal.ToString(), StringComparison.Ordinal);

            // Never wider than the terminal: it would wrap and leave a line behind at each redraw.
            width = 60;
            live.Redraw();
            Assert.EndsWith("\r\u001b[2Kjenkins InstallJenkins: change 1 of 2 (13 s) | monitorin...", terminal.ToString(), StringComparison.Ordinal);
            width = 120;
        }

        // A log line takes the live line's place; the live line is drawn again under it.
        var before = terminal.ToString().Length;
        using (live.Pause())
        {
            Assert.Equal("\r\u001b[2K", terminal.ToString()[before..]);
            terminal.Write("a log line\n");
        }

        Assert.EndsWith("a log line\njenkins InstallJenkins: change 1 of 2 (13 s)", terminal.ToString(), StringComparison.Ordinal);

        // When the task is over the line is gone and nothing is drawn again.
        progress.Dispose();
        Assert.EndsWith("\r\u001b[2K", terminal.ToString(), StringComparison.Ordinal);
        var after = terminal.ToString();
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(after, terminal.ToString());
    }

    [Fact]
    public void A_disabled_live_status_writes_nothing_and_the_heartbeat_lines_stay()
    {
        using var terminal = new StringWriter();
        var live = new Workload.Common.LiveStatus(terminal, enabled: false, () => 80, _clock);
        using var progress = new ChangeProgress(_log, "jenkins", "InstallJenkins", 1, _clock, live);
        progress.Starting("install packages openjdk-21-jre-headless", wasPlanned: true);
        _clock.Advance(TimeSpan.FromSeconds(10));
        using (live.Pause())
        {
        }

        Assert.Equal(string.Empty, terminal.ToString());
        Assert.Contains("jenkins InstallJenkins: change 1 of 1 still running (10.0 s)", Lines());
    }

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
