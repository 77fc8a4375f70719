using Amazon.EC2;
using Amazon.EC2.Model;
using Workload.Configuration;
using Workload.Common;

namespace Workload.Providers.Aws;

/// <summary>
/// Waits, with progress, until a new or restarted instance can be used: running, both EC2 status checks ok, and
/// an SSH server answering on its public address. One deadline (awsReadyTimeoutSeconds) covers all three.
/// </summary>
public sealed class InstanceReadiness(AwsClients clients, HostInstances instances, Waiter waiter, FreshIds freshIds, ISshProbe probe, WorkloadSettings settings)
{
    private static readonly TimeSpan StatePollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StatusPollInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan SshAttemptTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Waits until the instance is usable and returns it as it is then (with its addresses).</summary>
    public async Task<Instance> WaitAsync(string subject, string instanceId, CancellationToken cancellationToken)
    {
        var deadline = waiter.Clock.UtcNow.AddSeconds(settings.AwsReadyTimeoutSeconds);
        var instance = await waiter.UntilAsync(
            subject,
            deadline,
            StatePollInterval,
            async token =>
            {
                var current = await instances.GetAsync(instanceId, token).ConfigureAwait(false);
                var state = current.State?.Name;
                if (state == InstanceStateName.ShuttingDown || state == InstanceStateName.Terminated)
                {
                    throw new AwsProvisioningException(
                        $"{subject} is {state} ({current.StateReason?.Message ?? "no reason given"}); re-run to launch a new one.");
                }

                return state == InstanceStateName.Running ? WaitStep.Ready(current) : WaitStep.Pending<Instance>($"instance is {state}");
            },
            status => TimedOut(subject, status, "Look at the instance in the EC2 console."),
            cancellationToken).ConfigureAwait(false);

        await waiter.UntilAsync(
            subject,
            deadline,
            StatusPollInterval,
            async token => await StatusChecksAsync(instanceId, token).ConfigureAwait(false),
            status => TimedOut(subject, status, "Its system log is in the EC2 console (Actions, Monitor and troubleshoot, Get system log)."),
            cancellationToken).ConfigureAwait(false);

        var address = instance.PublicIpAddress
            ?? throw new AwsProvisioningException($"{subject} has no public IPv4 address; the tool needs one to reach it over SSH.");
        await waiter.UntilAsync(
            subject,
            deadline,
            StatePollInterval,
            async token => await probe.AnswersAsync(address, settings.SshPort, SshAttemptTimeout, token).ConfigureAwait(false)
                ? WaitStep.Ready(true)
                : WaitStep.Pending<bool>($"SSH on {address}:{settings.SshPort} does not answer yet"),
            status => TimedOut(
                subject,
                status,
                $"Check that adminCidr ({settings.AdminCidr}) contains the public address of this machine: only that network may reach SSH."),
            cancellationToken).ConfigureAwait(false);
        return instance;
    }

    private async Task<WaitStep<bool>> StatusChecksAsync(string instanceId, CancellationToken cancellationToken)
    {
        var response = await freshIds.CallAsync(
            token => clients.Ec2.DescribeInstanceStatusAsync(new DescribeInstanceStatusRequest { InstanceIds = [instanceId], IncludeAllInstances = true }, token),
            cancellationToken).ConfigureAwait(false);
        var status = response.InstanceStatuses?.FirstOrDefault();
        var system = status?.SystemStatus?.Status?.Value ?? "not reported";
        var own = status?.Status?.Status?.Value ?? "not reported";
        return system == SummaryStatus.Ok.Value && own == SummaryStatus.Ok.Value
            ? WaitStep.Ready(true)
            : WaitStep.Pending<bool>($"status checks: system {system}, instance {own}");
    }

    private AwsProvisioningException TimedOut(string subject, string status, string hint) =>
        new($"{subject} was not ready within {settings.AwsReadyTimeoutSeconds} s (last seen: {status}). Nothing was removed: " +
            $"re-run to go on waiting, or raise awsReadyTimeoutSeconds. {hint}");
}
