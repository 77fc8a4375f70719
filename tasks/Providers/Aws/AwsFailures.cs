using System.Net.Sockets;
using Amazon.Runtime;

namespace Workload.Providers.Aws;

/// <summary>Turns the SDK's exceptions into messages that say what went wrong and what to do, without a stack trace.</summary>
public static class AwsFailures
{
    /// <summary>Error codes with which AWS says the credentials themselves are bad (expired, revoked, wrong secret).</summary>
    private static readonly HashSet<string> CredentialErrorCodes = new(StringComparer.Ordinal)
    {
        "AuthFailure", "RequestExpired", "ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
        "UnrecognizedClientException", "SignatureDoesNotMatch", "IncompleteSignature", "InvalidAccessKeyId",
    };

    private static readonly HashSet<string> PermissionErrorCodes = new(StringComparer.Ordinal)
    {
        "UnauthorizedOperation", "AccessDenied", "AccessDeniedException", "Blocked",
    };

    /// <summary>True when AWS rejected the credentials rather than the request.</summary>
    public static bool IsCredentialError(AmazonServiceException exception) =>
        exception.ErrorCode is { } code && CredentialErrorCodes.Contains(code);

    /// <summary>True when the identity lacks an IAM permission.</summary>
    public static bool IsPermissionError(AmazonServiceException exception) =>
        exception.ErrorCode is { } code && PermissionErrorCodes.Contains(code);

    /// <summary>True for an SDK error with this error code.</summary>
    public static bool HasCode(Exception exception, string code) =>
        exception is AmazonServiceException service && string.Equals(service.ErrorCode, code, StringComparison.Ordinal);

    /// <summary>Runs AWS calls and rethrows what fails as <see cref="Explain"/> words it.</summary>
    /// <param name="action">The calls.</param>
    /// <param name="region">The region for the message, once known.</param>
    /// <param name="cancellationToken">The run's token: its cancellation is not mistaken for a time-out.</param>
    public static async Task<T> ExplainedAsync<T>(Func<Task<T>> action, Func<string?> region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(region);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception exception) when (Explain(exception, region() ?? "(region not known yet)", cancellationToken) is { } explained && explained != exception)
        {
            throw explained;
        }
    }

    /// <summary>
    /// A user-facing exception for a failed AWS call, or null when the exception is not one the SDK raises
    /// (a bug of ours, which should surface as it is).
    /// </summary>
    public static Exception? Explain(Exception exception, string region, CancellationToken cancellationToken)
    {
        if (exception is AwsCredentialsException or AwsProvisioningException or HostKeyUnavailableException)
        {
            return exception;
        }

        if (IsUnreachable(exception, cancellationToken))
        {
            return new AwsProvisioningException(
                $"AWS could not be reached in region {region}: {Innermost(exception).Message}. Nothing further was changed. " +
                "Check the network or proxy (HTTPS_PROXY), the awsRegion and awsEndpointUrl settings, and re-run: the tool picks up where it stopped.",
                exception);
        }

        if (exception is AmazonServiceException service)
        {
            if (IsPermissionError(service))
            {
                return new AwsProvisioningException(
                    $"The AWS identity lacks a permission the tool needs ({service.ErrorCode}): {service.Message} " +
                    "The README (aws provider) lists the IAM actions it uses.",
                    exception);
            }

            return new AwsProvisioningException($"AWS refused a request ({service.ErrorCode}): {service.Message}", exception);
        }

        return exception is AmazonClientException ? new AwsProvisioningException($"AWS SDK error: {exception.Message}", exception) : null;
    }

    private static bool IsUnreachable(Exception exception, CancellationToken cancellationToken)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is HttpRequestException or SocketException or TimeoutException
                || (current is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return true;
            }
        }

        return false;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
