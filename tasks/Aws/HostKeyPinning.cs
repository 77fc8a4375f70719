using System.Text;
using Amazon.EC2.Model;
using Cake.Core.Diagnostics;
using Workload.Configuration;

namespace Workload.Aws;

/// <summary>
/// Gets the host key to pin for an instance from its console output, never from a first connection. With
/// hostKeyPolicy=strict, no key in the console within awsHostKeyTimeoutSeconds is an error that says how to go on;
/// with accept-new, a warning, and the SSH transport records the first key it is offered.
/// </summary>
public sealed class HostKeyPinning(AwsClients clients, Waiter waiter, ICakeLog log, WorkloadSettings settings)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    private bool AcceptNew => settings.HostKeyPolicy == "accept-new";

    /// <summary>One look at the console: the key to pin, or null when none is printed yet.</summary>
    /// <exception cref="AwsProvisioningException">The console shows a key its own fingerprints contradict.</exception>
    public async Task<SshPublicKey?> ReadAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await clients.Ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instanceId }, cancellationToken).ConfigureAwait(false);
        var text = Decode(response.Output);
        var found = ConsoleHostKeys.Parse(text);
        var key = found.Preferred;
        if (key is not null && !found.Confirms(key))
        {
            throw new AwsProvisioningException(
                $"The console output of {instanceId} shows the host key {key.Sha256Fingerprint}, which its list of fingerprints does not contain; " +
                "the key is not pinned. Look at the console output in the EC2 console before going on.");
        }

        return key;
    }

    /// <summary>Waits for the key in the console output; null only with hostKeyPolicy=accept-new.</summary>
    public async Task<string?> WaitAsync(string subject, string instanceId, CancellationToken cancellationToken)
    {
        var deadline = waiter.Clock.UtcNow.AddSeconds(settings.AwsHostKeyTimeoutSeconds);
        try
        {
            var key = await waiter.UntilAsync(
                subject,
                deadline,
                PollInterval,
                async token => await ReadAsync(instanceId, token).ConfigureAwait(false) is { } found
                    ? WaitStep.Ready(found)
                    : WaitStep.Pending<SshPublicKey>("waiting for the SSH host keys in the console output"),
                _ => new HostKeyUnavailableException(
                    $"No SSH host key appeared in the console output of {instanceId} within {settings.AwsHostKeyTimeoutSeconds} s, so the host's key " +
                    "cannot be pinned, and a first key is not trusted blindly. Re-run later (a new instance's console output can take several minutes), " +
                    "raise awsHostKeyTimeoutSeconds, or set hostKeyPolicy=accept-new to record the key the host offers on the first connection."),
                cancellationToken).ConfigureAwait(false);
            log.Information("{0}: host key {1} ({2}) read from the console output, to be pinned", subject, key.Sha256Fingerprint, key.Type);
            return key.ToString();
        }
        catch (HostKeyUnavailableException exception) when (AcceptNew)
        {
            log.Warning("{0}: {1} hostKeyPolicy=accept-new: the first key the host offers will be recorded.", subject, exception.Message.Split(" Re-run", 2)[0]);
            return null;
        }
    }

    private static string Decode(string? output)
    {
        if (string.IsNullOrEmpty(output))
        {
            return string.Empty;
        }

        var buffer = new byte[output.Length];
        return Convert.TryFromBase64String(output, buffer, out var written)
            ? Encoding.UTF8.GetString(buffer, 0, written)
            : output;
    }
}
