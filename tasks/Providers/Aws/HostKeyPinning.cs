using System.Text;
using Amazon.EC2.Model;
using Cake.Core.Diagnostics;
using Workload.Configuration;
using Workload.Common;

namespace Workload.Providers.Aws;

/// <summary>
/// Gets the host key to pin for an instance from its console output, never from a first connection. On Nitro
/// instance types (t3 among them) it asks for the latest output, which holds the keys as soon as cloud-init printed
/// them; other types only return output buffered after a state change, which can take many minutes to show them.
/// cloud-init prints the keys once per instance, at its first boot: a console that shows a finished boot without
/// them will not show them later. With hostKeyPolicy=strict, no key is an error that says how to go on; with
/// accept-new, a warning, and the SSH transport records the first key it is offered.
/// </summary>
public sealed class HostKeyPinning(AwsClients clients, Waiter waiter, FreshIds freshIds, ICakeLog log, WorkloadSettings settings)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, bool> _nitro = new(StringComparer.Ordinal);

    private bool AcceptNew => settings.HostKeyPolicy == "accept-new";

    /// <summary>One look at the console: the key to pin, or null when none is printed yet.</summary>
    /// <exception cref="AwsProvisioningException">The console shows a key its own fingerprints contradict.</exception>
    /// <exception cref="HostKeyUnavailableException">The console shows a finished boot without keys: they will not come.</exception>
    public async Task<SshPublicKey?> ReadAsync(string instanceId, string instanceType, CancellationToken cancellationToken)
    {
        var latest = await IsNitroAsync(instanceType, cancellationToken).ConfigureAwait(false);
        var response = await freshIds.CallAsync(
            token => clients.Ec2.GetConsoleOutputAsync(new GetConsoleOutputRequest { InstanceId = instanceId, Latest = latest ? true : null }, token),
            cancellationToken).ConfigureAwait(false);
        var text = Decode(response.Output);
        var found = ConsoleHostKeys.Parse(text);
        var key = found.Preferred;
        if (key is not null && !found.Confirms(key))
        {
            throw new AwsProvisioningException(
                $"The console output of {instanceId} shows the host key {key.Sha256Fingerprint}, which its list of fingerprints does not contain; " +
                "the key is not pinned. Look at the console output in the EC2 console before going on.");
        }

        if (key is null && ConsoleHostKeys.ShowsFinishedBoot(text))
        {
            throw new HostKeyUnavailableException(
                $"The console output of {instanceId} shows a finished boot but no SSH host keys: cloud-init prints them once per instance, at its first boot, " +
                "so this instance has booted again since (or its first boot's lines have left the last 64 KB the console keeps, or its image does not print them). " +
                "They cannot be read now. " +
                "Pin the host's key yourself (add it to knownHostsFile after checking it through the EC2 serial console or Session Manager), " +
                "set hostKeyPolicy=accept-new to record the key the host offers on the first connection, or run Destroy and provision a new host.");
        }

        return key;
    }

    /// <summary>Waits for the key in the console output; null only with hostKeyPolicy=accept-new.</summary>
    public async Task<string?> WaitAsync(string subject, string instanceId, string instanceType, CancellationToken cancellationToken)
    {
        var deadline = waiter.Clock.UtcNow.AddSeconds(settings.AwsHostKeyTimeoutSeconds);
        var latest = await IsNitroAsync(instanceType, cancellationToken).ConfigureAwait(false);
        try
        {
            var key = await waiter.UntilAsync(
                subject,
                deadline,
                PollInterval,
                async token => await ReadAsync(instanceId, instanceType, token).ConfigureAwait(false) is { } found
                    ? WaitStep.Ready(found)
                    : WaitStep.Pending<SshPublicKey>(latest
                        ? "waiting for the SSH host keys in the console output"
                        : $"waiting for the SSH host keys in the console output ({instanceType} is not a Nitro type: EC2 returns only output buffered after the last state change, which can take up to 20 minutes)"),
                _ => new HostKeyUnavailableException(
                    $"No SSH host key appeared in the console output of {instanceId} within {settings.AwsHostKeyTimeoutSeconds} s, so the host's key " +
                    "cannot be pinned, and a first key is not trusted blindly. " +
                    (latest
                        ? "Re-run later (a new instance's console output can take several minutes), "
                        : $"{instanceType} is not a Nitro instance type, so EC2 serves only console output buffered after a state change, which can take up to 20 minutes: " +
                          "raise awsHostKeyTimeoutSeconds to 1500, choose a Nitro type such as t3.small, re-run later, ") +
                    "raise awsHostKeyTimeoutSeconds, or set hostKeyPolicy=accept-new to record the key the host offers on the first connection."),
                cancellationToken).ConfigureAwait(false);
            log.Information("{0}: host key {1} ({2}) read from the console output, to be pinned", subject, key.Sha256Fingerprint, key.Type);
            return key.ToString();
        }
        catch (HostKeyUnavailableException exception) when (AcceptNew)
        {
            log.Warning("{0}: {1} hostKeyPolicy=accept-new: the first key the host offers will be recorded.", subject, exception.Message.Split(". ", 2)[0] + ".");
            return null;
        }
    }

    /// <summary>Whether the instance type runs on Nitro (DescribeInstanceTypes' hypervisor), once per type.</summary>
    private async Task<bool> IsNitroAsync(string instanceType, CancellationToken cancellationToken)
    {
        if (!_nitro.TryGetValue(instanceType, out var nitro))
        {
            var response = await clients.Ec2.DescribeInstanceTypesAsync(new DescribeInstanceTypesRequest { InstanceTypes = [instanceType] }, cancellationToken).ConfigureAwait(false);
            nitro = _nitro[instanceType] = response.InstanceTypes?.FirstOrDefault()?.Hypervisor?.Value == "nitro";
        }

        return nitro;
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
