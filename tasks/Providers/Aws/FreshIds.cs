using Amazon.Runtime;
using Workload.Common;

namespace Workload.Providers.Aws;

/// <summary>
/// Calls by the id of something just created. EC2 is eventually consistent ("Eventual consistency in the Amazon EC2
/// API"): right after RunInstances, CreateSecurityGroup or ImportKeyPair, a call naming the new id may answer
/// InvalidInstanceID.NotFound, InvalidGroup.NotFound or InvalidKeyPair.NotFound for a while, and the SDK does not
/// retry those. Such an answer is retried with exponential backoff (1 s, 2 s, 4 s, ... at most 30 s apart) for up
/// to three minutes; after that it is what it says.
/// </summary>
public sealed class FreshIds(WaitClock clock)
{
    /// <summary>The error codes with which EC2 says it does not know an id (yet).</summary>
    public static IReadOnlySet<string> NotFoundCodes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "InvalidInstanceID.NotFound", "InvalidGroup.NotFound", "InvalidGroupId.NotFound", "InvalidKeyPair.NotFound",
    };

    /// <summary>How long an id may stay unknown after it was created.</summary>
    public static TimeSpan Patience { get; } = TimeSpan.FromMinutes(3);

    private static readonly TimeSpan MaximumDelay = TimeSpan.FromSeconds(30);

    public WaitClock Clock => clock;

    /// <summary>Runs <paramref name="call"/>, retrying while EC2 answers that an id does not exist.</summary>
    public Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        AmazonServiceException? notFound = null;
        return new Waiter(clock, new Cake.Core.Diagnostics.NullLog()).UntilAsync(
            "EC2",
            clock.UtcNow + Patience,
            new WaitInterval(TimeSpan.FromSeconds(1), Backoff: 2, Ceiling: MaximumDelay),
            async token =>
            {
                try
                {
                    return WaitStep.Ready(await call(token).ConfigureAwait(false));
                }
                catch (AmazonServiceException exception) when (exception.ErrorCode is { } code && NotFoundCodes.Contains(code))
                {
                    notFound = exception;
                    return WaitStep.Pending<T>(code);
                }
            },
            // Past the patience, EC2's own answer is the error.
            _ => notFound!,
            cancellationToken);
    }

    /// <summary>As <see cref="CallAsync{T}"/>, for a call whose answer is not needed.</summary>
    public Task CallAsync(Func<CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallAsync(
            async token =>
            {
                await call(token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }
}
