namespace Workload.Providers.Aws;

/// <summary>No usable AWS credentials: the message names every place that was looked at and how to fix it.</summary>
public sealed class AwsCredentialsException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// AWS could not be asked or refused what the tool needs (unreachable endpoint, missing permission, a resource
/// in the way); the message says what and what to do.
/// </summary>
public sealed class AwsProvisioningException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An instance's console output showed no SSH host key in time, so there is no key to pin.</summary>
public sealed class HostKeyUnavailableException(string message) : Exception(message);
