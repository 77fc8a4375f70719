using Cake.Core.Diagnostics;
using Workload.Aws;
using Workload.Configuration;
using Workload.Frosting;

namespace Workload;

/// <summary>
/// Deletes the workload from AWS: every instance, security group and key pair tagged Project=&lt;project&gt; and
/// ManagedBy=microblog-workload, and nothing else. It lists them first; with --plan it only lists. Running it
/// again when all is gone changes nothing. The local private key file is kept: it may be the user's only copy.
/// </summary>
[TaskName(nameof(Destroy))]
[TaskDescription("Deletes what the provider made: AWS instances, security groups and key pair found by their tags, or the local testbed machines; with --plan, only lists them.")]
public sealed class Destroy : AsyncFrostingTask<WorkloadContext>, Preflight.IReachesHosts
{
    public override async Task RunAsync(WorkloadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = context.Settings;
        switch (settings.Provider)
        {
            case "local" when OperatingSystem.IsLinux():
                await DestroyLocalAsync(context).ConfigureAwait(false);
                return;
            case "aws":
                break;
            default:
                throw new ConfigurationException(
                    $"provider: Destroy deletes what the aws or local provider made, but provider is {settings.Provider}: hosts that already existed are not the tool's to delete");
        }

        using var teardown = new AwsTeardown(AwsConnector.ForSettings(settings, AwsEnvironment.Of(context)), settings, context.Log);
        var inventory = await teardown.ListAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var leftAlone in inventory.LeftAlone)
        {
            context.Log.Warning("Left alone: {0} has the workload's name but not its tags (Project={1}, ManagedBy={2}).", leftAlone, settings.Project, AwsNames.ManagedByValue);
        }

        var deletions = inventory.Deletions().ToList();
        if (deletions.Count == 0)
        {
            context.Log.Information("Nothing to destroy: no AWS resource of project {0} is left.", settings.Project);
            ForgetAwsHosts(context);
            context.Journal.Record(nameof(Destroy), TaskOutcome.InSync);
            return;
        }

        foreach (var deletion in deletions)
        {
            context.Log.Information("{0}: {1}", settings.Plan ? "Would" : "Will", deletion);
        }

        if (settings.Plan)
        {
            context.Journal.Record(nameof(Destroy), TaskOutcome.Pending, deletions);
            return;
        }

        await teardown.DestroyAsync(inventory, CancellationToken.None).ConfigureAwait(false);
        ForgetAwsHosts(context);
        context.Log.Information("Destroyed: {0}", string.Join("; ", deletions));
        context.Journal.Record(nameof(Destroy), TaskOutcome.Changed, deletions);
    }

    /// <summary>Stops and deletes the project's testbed machines (their disks too); the testbed itself stays for other projects.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static async Task DestroyLocalAsync(WorkloadContext context)
    {
        var provider = new Providers.Local.LocalHostProvider(context.Settings, context.Log);
        var machines = Enum.GetValues<Providers.HostRole>()
            .Select(role => Providers.Local.LocalHostProvider.MachineName(context.Settings.Project, role))
            .Where(name => provider.Testbed.InspectHost(name).Exists)
            .ToList();
        var deletions = machines.Select(name => $"testbed machine {name} and its disk").ToList();
        if (deletions.Count == 0)
        {
            context.Log.Information("Nothing to destroy: project {0} has no testbed machine.", context.Settings.Project);
            ForgetHosts(context, _ => true);
            context.Journal.Record(nameof(Destroy), TaskOutcome.InSync);
            return;
        }

        foreach (var deletion in deletions)
        {
            context.Log.Information("{0}: {1}", context.Settings.Plan ? "Would delete" : "Deleting", deletion);
        }

        if (context.Settings.Plan)
        {
            context.Journal.Record(nameof(Destroy), TaskOutcome.Pending, deletions);
            return;
        }

        foreach (var machine in machines)
        {
            await provider.Testbed.DestroyHostAsync(machine, context.CancellationToken).ConfigureAwait(false);
        }

        ForgetHosts(context, _ => true);
        context.Journal.Record(nameof(Destroy), TaskOutcome.Changed, deletions);
    }

    /// <summary>The state no longer describes hosts that exist: later tasks must not try to reach them.</summary>
    private static void ForgetHosts(WorkloadContext context, Func<State.HostRecord, bool> gone)
    {
        if (!File.Exists(context.StateStore.Path))
        {
            return;
        }

        var state = context.StateStore.Load();
        var hosts = state.Hosts.Where(h => gone(h.Value)).Select(h => h.Key).ToList();
        if (hosts.Count > 0)
        {
            hosts.ForEach(h => state.Hosts.Remove(h));
            context.StateStore.Save(state);
        }
    }

    /// <summary>The state no longer describes hosts that exist: later tasks must not try to reach them.</summary>
    private static void ForgetAwsHosts(WorkloadContext context)
    {
        if (!File.Exists(context.StateStore.Path))
        {
            return;
        }

        var state = context.StateStore.Load();
        var awsKeys = state.Resources.Keys.Where(k => k.StartsWith(AwsResourceKeys.Prefix, StringComparison.Ordinal)).ToList();

        // EC2 instance ids; hosts of the other providers are named otherwise and stay.
        var awsHosts = state.Hosts.Where(h => h.Value.Id.StartsWith("i-", StringComparison.Ordinal)).Select(h => h.Key).ToList();
        if (awsKeys.Count == 0 && awsHosts.Count == 0)
        {
            return;
        }

        awsKeys.ForEach(k => state.Resources.Remove(k));
        awsHosts.ForEach(h => state.Hosts.Remove(h));
        context.StateStore.Save(state);
    }
}
