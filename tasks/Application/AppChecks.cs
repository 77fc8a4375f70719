using System.Globalization;
using Workload.Context;
using Workload.Hosts;

namespace Workload.Application;

/// <summary>What a user checks of the app: it answers through nginx with its sign-in page, and gunicorn listens on loopback only.</summary>
public static class AppChecks
{
    public const string ExpectedTitle = "<title>Sign In - Microblog</title>";

    public static async Task VerifyServedAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var port = ListenAddress.Port(context.Settings.GunicornBind);
        CommandResult? last = null;
        await new Common.Waiter(context.Log).UntilAsync(
            $"{host.Name}: the app through nginx",
            DateTimeOffset.UtcNow.AddSeconds(60),
            TimeSpan.FromSeconds(2),
            async token =>
            {
                // Through nginx, following the redirect to the sign-in page, as a browser would.
                var result = last = await host.RunAsync(
                    $"curl -sL --max-time 10 -o /tmp/.microblog-page -w '%{{http_code}}' http://127.0.0.1/; echo; grep -c {Hosts.Shell.Quote(ExpectedTitle)} /tmp/.microblog-page; rm -f /tmp/.microblog-page",
                    cancellationToken: token).ConfigureAwait(false);
                var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                var served = lines.Length >= 2 && lines[0] == "200" && int.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var found) && found > 0;
                return served ? Common.WaitStep.Ready(true) : Common.WaitStep.Pending<bool>($"HTTP {(lines.Length > 0 ? lines[0] : "no answer")}, not the sign-in page yet");
            },
            _ => new HostCommandException(host.Name, $"Checking that the app answers through nginx with 200 and {ExpectedTitle}", last!),
            cancellationToken).ConfigureAwait(false);

        var listeners = await host.RunAsync($"ss -ltnH 'sport = :{port}' | awk '{{print $4}}'", cancellationToken: cancellationToken).ConfigureAwait(false);
        var addresses = listeners.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (addresses.Length == 0 || addresses.Any(a => !a.StartsWith("127.0.0.1:", StringComparison.Ordinal)))
        {
            throw new HostCommandException(host.Name, $"Checking that gunicorn listens on 127.0.0.1:{port} only (it listens on {string.Join(", ", addresses)})", listeners);
        }
    }
}
