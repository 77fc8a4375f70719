using Cake.Core.Diagnostics;
using Workload.Common;

namespace Workload.Hosts;

/// <summary>HTTP checks run on a host with curl, so they see what a local client sees, whatever the firewall.</summary>
public static class HttpChecks
{
    /// <summary>
    /// Waits until <paramref name="url"/> answers <paramref name="status"/>, checking every two seconds, telling the
    /// log every half minute, and failing with the last answer after <paramref name="timeout"/>.
    /// </summary>
    public static async Task WaitForStatusAsync(IHostShell host, ICakeLog log, string what, string url, int status, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(log);
        var last = "no answer";
        CommandResult? result = null;

        // One round trip waits up to 30 s on the host, so a slow start costs few round trips: no pause between them.
        var script = $"for i in $(seq 15); do code=$(curl -s -o /dev/null -w '%{{http_code}}' --max-time 5 {Shell.Quote(url)}); " +
            $"if [ \"$code\" = {status} ]; then echo ok; exit 0; fi; sleep 2; done; echo \"last=$code\"";
        await waiter.UntilAsync(
            host.Name,
            waiter.Clock.UtcNow + timeout,
            TimeSpan.Zero,
            async token =>
            {
                result = await host.RunAsync(script, cancellationToken: token).ConfigureAwait(false);
                if (result.Output.Contains("ok", StringComparison.Ordinal))
                {
                    return WaitStep.Ready(true);
                }

                last = result.Output.Trim() is { Length: > 0 } answer ? answer.Replace("last=", "HTTP ", StringComparison.Ordinal) : last;
                return WaitStep.Pending<bool>($"waiting for {what} to answer {url} ({last})");
            },
            _ => new HostCommandException(host.Name, $"Waiting {timeout.TotalSeconds:0} s for {what} to answer {url} with {status} (last: {last})", result!),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The JSON body of an answer from <see cref="GetWithBasicAuthAsync"/> when its status was 200, else null.</summary>
    public static System.Text.Json.Nodes.JsonNode? JsonBody(CommandResult answer)
    {
        var cut = answer.Output.LastIndexOf("\nstatus=", StringComparison.Ordinal);
        if (cut < 0 || answer.Output[(cut + 8)..].Trim() != "200")
        {
            return null;
        }

        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(answer.Output[..cut]);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Shell that prints curl's configuration line <c>user = "USER:PASSWORD"</c> with the first line of the root-only
    /// <paramref name="passwordFile"/> as the password (nothing when it cannot be read). The password goes through
    /// the shell's builtins only, never a process's arguments; only one with a quote, backslash or CR needs tr and sed.
    /// </summary>
    public static string CurlUserFromFile(string user, string passwordFile) => $$"""
        if [ -r {{Shell.Quote(passwordFile)}} ]; then
          p=; IFS= read -r p < {{Shell.Quote(passwordFile)}} || :
          cr=$(printf '\r')
          case $p in *[\\\"$cr]*) p=$(printf '%s' "$p" | tr -d '\r' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g') ;; esac
          printf 'user = "%s:%s"\n' {{Shell.Quote(CurlConfigEscape(user))}} "$p"
        fi
        """;

    /// <summary>
    /// GET with HTTP basic auth, the password read on the host from <paramref name="passwordFile"/> (a secret the host
    /// already holds): a read, answered from the speculative checks when the host did not change
    /// (<see cref="IHostShell.ReadAsync"/>), with the status on the last line as <see cref="JsonBody"/> expects.
    /// </summary>
    public static Task<CommandResult> ReadWithBasicAuthAsync(IHostShell host, string url, string user, string passwordFile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.ReadAsync(
            $"{{\n{CurlUserFromFile(user, passwordFile)}\n}} | curl -s --max-time 10 --config - -w '\\nstatus=%{{http_code}}' {Shell.Quote(url)}",
            cancellationToken);
    }

    /// <summary>GET with HTTP basic auth; the password travels on standard input, never on a command line.</summary>
    public static async Task<CommandResult> GetWithBasicAuthAsync(IHostShell host, string url, string user, string password, CancellationToken cancellationToken)
    {
        var config = $"user = \"{CurlConfigEscape(user)}:{CurlConfigEscape(password)}\"\n";
        return await host.RunAsync(
            $"curl -s --max-time 10 --config - -w '\\nstatus=%{{http_code}}' {Shell.Quote(url)}",
            new CommandOptions(Input: System.Text.Encoding.UTF8.GetBytes(config)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A value inside a double-quoted string of curl's configuration file: backslashes and quotes escaped.</summary>
    public static string CurlConfigEscape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
    }
}
