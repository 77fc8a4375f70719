using Workload.Configuration;
using Workload.State;

namespace Workload.Providers;

/// <summary>What a provider found for a role and what it would have to change to make the host ready.</summary>
/// <param name="Role">The host's role.</param>
/// <param name="Changes">Each change in words a user understands ("create instance microblog-jenkins (t3.small)"); empty when in sync.</param>
/// <param name="Existing">The host as found, when it exists and is usable as it is.</param>
public sealed record ProvisionCheck(HostRole Role, IReadOnlyList<string> Changes, HostRecord? Existing)
{
    public bool InSync => Changes.Count == 0 && Existing is not null;
}

/// <summary>
/// What Destroy found of what a provider made, and would delete. A provider hands it back to its own
/// <see cref="IHostProvider.DestroyAsync"/>, which knows the derived type it made.
/// </summary>
/// <param name="Deletions">Each deletion in words, in the order they happen; empty when nothing is left.</param>
/// <param name="LeftAlone">What carries the workload's names but is not the tool's, named so the user knows why it stays.</param>
/// <param name="NothingLeft">The sentence that says nothing is left to delete.</param>
public record TeardownPlan(IReadOnlyList<string> Deletions, IReadOnlyList<string> LeftAlone, string NothingLeft);

/// <summary>
/// Where hosts come from, for their whole life. A provider finds what it made before (by tags, names or the state
/// file), never creates anything twice, reports the host's addresses, login and pinned host key for the state
/// file, and deletes what it made, each step checked first.
/// </summary>
public interface IHostProvider
{
    /// <summary>The provider the configuration names.</summary>
    ProviderKind Kind { get; }

    /// <summary>The provider's setting value: local, aws or existing.</summary>
    string Name => Kind.Name;

    /// <summary>Reads what exists and says what must change. Changes nothing anywhere.</summary>
    Task<ProvisionCheck> CheckAsync(HostRole role, CancellationToken cancellationToken);

    /// <summary>Makes the host ready (creating or starting it) and returns its record; safe to repeat after an interruption.</summary>
    Task<HostRecord> ApplyAsync(ProvisionCheck check, CancellationToken cancellationToken);

    /// <summary>Lists what the provider made for the project (and what it leaves alone). Changes nothing.</summary>
    Task<TeardownPlan> CheckDestroyAsync(CancellationToken cancellationToken);

    /// <summary>Deletes what <see cref="CheckDestroyAsync"/> listed; safe to repeat after an interruption.</summary>
    Task DestroyAsync(TeardownPlan plan, CancellationToken cancellationToken);

    /// <summary>Removes from the state what the provider made, once it is gone; returns whether the state changed.</summary>
    bool Forget(WorkloadState state);
}
