using System.Globalization;
using Workload.Hosts;

namespace Workload.Application;

/// <summary>What a user checks of the app: it answers through nginx with its sign-in page, and gunicorn listens on loopback only.</summary>
public static class AppChecks
{
    public const string ExpectedTitle = "<title>Sign In - Microblog</title>";

    public static async Task VerifyServedAsync(WorkloadContext context, IHostShell host, CancellationToken cancellationToken)
    {
        var port = ListenAddress.Port(context.Settings.GunicornBind);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        var served = false;
        CommandResult result;
        do
        {
            // Through nginx, following the redirect to the sign-in page, as a browser would.
            result = await host.RunAsync(
                $"curl -sL --max-time 10 -o /tmp/.microblog-page -w '%{{http_code}}' http://127.0.0.1/; echo; grep -c {Hosts.Shell.Quote(ExpectedTitle)} /tmp/.microblog-page; rm -f /tmp/.microblog-page",
                cancellationToken: cancellationToken).ConfigureAwait(false);
            var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            served = lines.Length >= 2 && lines[0] == "200" && int.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var found) && found > 0;
            if (served)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
        }
        while (DateTimeOffset.UtcNow < deadline);

        if (!served)
        {
            throw new HostCommandException(host.Name, $"Checking that the app answers through nginx with 200 and {ExpectedTitle}", result);
        }

        var listeners = await host.RunAsync($"ss -ltnH 'sport = :{port}' | awk '{{print $4}}'", cancellationToken: cancellationToken).ConfigureAwait(false);
        var addresses = listeners.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (addresses.Length == 0 || addresses.Any(a => !a.StartsWith("127.0.0.1:", StringComparison.Ordinal)))
        {
            throw new HostCommandException(host.Name, $"Checking that gunicorn listens on 127.0.0.1:{port} only (it listens on {string.Join(", ", addresses)})", listeners);
        }
    }
}
