using Workload.State;

namespace Workload.Providers;

/// <summary>The two hosts of the workload.</summary>
public enum HostRole
{
    /// <summary>Jenkins, the app behind nginx and gunicorn, the node exporter.</summary>
    Jenkins,

    /// <summary>Prometheus and Grafana.</summary>
    Monitoring,
}

/// <summary>What a provider found for a role and what it would have to change to make the host ready.</summary>
/// <param name="Role">The host's role.</param>
/// <param name="Changes">Each change in words a user understands ("create instance microblog-jenkins (t3.small)"); empty when in sync.</param>
/// <param name="Existing">The host as found, when it exists and is usable as it is.</param>
public sealed record ProvisionCheck(HostRole Role, IReadOnlyList<string> Changes, HostRecord? Existing)
{
    public bool InSync => Changes.Count == 0 && Existing is not null;
}

/// <summary>
/// Where hosts come from. A provider finds what it made before (by tags, names or the state file), never
/// creates anything twice, and reports the host's addresses, login and pinned host key for the state file.
/// </summary>
public interface IHostProvider
{
    /// <summary>The provider's setting value: local, aws or existing.</summary>
    string Name { get; }

    /// <summary>Reads what exists and says what must change. Changes nothing anywhere.</summary>
    Task<ProvisionCheck> CheckAsync(HostRole role, CancellationToken cancellationToken);

    /// <summary>Makes the host ready (creating or starting it) and returns its record; safe to repeat after an interruption.</summary>
    Task<HostRecord> ApplyAsync(ProvisionCheck check, CancellationToken cancellationToken);
}
