using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;

namespace Workload.Providers.Aws;

/// <summary>Credentials that were found, and where, for the log (never the keys themselves).</summary>
public sealed record ResolvedCredentials(AWSCredentials Credentials, string Source);

/// <summary>
/// Finds AWS credentials in the order of the AWS SDK for .NET v4's default chain ("Credential and profile
/// resolution", checked 2026-11-28), with the tool's own awsProfile first as an explicit choice, as the AWS CLI's
/// --profile is: (1) the profile named by awsProfile; (2) AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (with
/// AWS_SESSION_TOKEN); (3) web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN); (4) the profile AWS_PROFILE,
/// else default (static keys, SSO, assume-role, credential_process), where a profile that holds no credentials (a
/// [default] with only a region) is skipped; (5) container credentials; (6) the EC2 instance profile, only when
/// asked for: off EC2, probing the metadata address only adds time-outs. Nothing is found: one message that names
/// the whole chain.
/// </summary>
public sealed class AwsCredentialChain(
    IReadOnlyDictionary<string, string> environment,
    ICredentialProfileSource profiles,
    string? profileSetting,
    bool useInstanceProfile)
{
    /// <summary>The profile that is looked up: the awsProfile setting, else AWS_PROFILE, else default.</summary>
    public string ProfileName => profileSetting ?? Variable("AWS_PROFILE") ?? "default";

    /// <summary>
    /// The profile the region is read from when no setting or variable names one: <see cref="ProfileName"/>, whatever
    /// gave the credentials (environment keys included), as the SDKs read it; null when it does not exist.
    /// </summary>
    public CredentialProfile? RegionProfile() => profiles.TryGetProfile(ProfileName, out var profile) ? profile : null;

    /// <summary>The first credentials of the chain, checked to be usable (an SSO session that has expired is reported here).</summary>
    /// <exception cref="AwsCredentialsException">None are found or the ones found cannot be used.</exception>
    public async Task<ResolvedCredentials> ResolveAsync()
    {
        var (credentials, source) = Find();
        try
        {
            // SSO, assume-role and process credentials are fetched on first use; fetch now so the failure is this one message.
            await credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is AmazonClientException or AmazonServiceException or ProcessAWSCredentialException or IOException or InvalidOperationException)
        {
            throw Failure($"The credentials from {source} could not be used: {exception.Message}", exception);
        }

        return new ResolvedCredentials(credentials, source);
    }

    /// <summary>The message for credentials that AWS itself rejected (expired, revoked, wrong secret).</summary>
    public AwsCredentialsException Rejected(string source, string reason, Exception inner) =>
        Failure($"AWS rejected the credentials from {source}: {reason}", inner);

    private (AWSCredentials Credentials, string Source) Find()
    {
        if (profileSetting is not null)
        {
            // An explicit choice: stale keys in the environment do not override it.
            if (!profiles.TryGetProfile(profileSetting, out var named))
            {
                throw Failure($"The profile '{profileSetting}' (named by the awsProfile setting) is in neither ~/.aws/credentials nor ~/.aws/config.");
            }

            return FromProfile(named, "the awsProfile setting")
                ?? throw Failure($"The profile '{profileSetting}' (named by the awsProfile setting) holds no credentials the SDK can use (keys, sso_session, role_arn or credential_process).");
        }

        var accessKey = Variable("AWS_ACCESS_KEY_ID");
        var secretKey = Variable("AWS_SECRET_ACCESS_KEY") ?? Variable("AWS_SECRET_KEY");
        if (accessKey is not null || secretKey is not null)
        {
            if (accessKey is null || secretKey is null)
            {
                throw Failure("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together; only one of them is.");
            }

            var token = Variable("AWS_SESSION_TOKEN");
            AWSCredentials fromEnvironment = token is null
                ? new BasicAWSCredentials(accessKey, secretKey)
                : new SessionAWSCredentials(accessKey, secretKey, token);
            return (fromEnvironment, "environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        }

        if (Variable("AWS_WEB_IDENTITY_TOKEN_FILE") is not null && Variable("AWS_ROLE_ARN") is not null)
        {
            return (AssumeRoleWithWebIdentityCredentials.FromEnvironmentVariables(), "web identity (AWS_WEB_IDENTITY_TOKEN_FILE, AWS_ROLE_ARN)");
        }

        var skipped = string.Empty;
        var namedByVariable = Variable("AWS_PROFILE") is not null;
        if (profiles.TryGetProfile(ProfileName, out var profile))
        {
            if (FromProfile(profile, namedByVariable ? "AWS_PROFILE" : "the default profile") is { } fromProfile)
            {
                return fromProfile;
            }

            skipped = $" The profile '{ProfileName}' exists but holds no credentials (keys, sso_session, role_arn or credential_process), so it was skipped.";
        }
        else if (namedByVariable)
        {
            throw Failure($"The profile '{ProfileName}' (named by AWS_PROFILE) is in neither ~/.aws/credentials nor ~/.aws/config.");
        }

        if (Variable("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") is not null || Variable("AWS_CONTAINER_CREDENTIALS_FULL_URI") is not null)
        {
            return (new GenericContainerCredentials(), "container credentials (AWS_CONTAINER_CREDENTIALS_*)");
        }

        if (useInstanceProfile)
        {
            return (new InstanceProfileAWSCredentials(), "the EC2 instance profile");
        }

        throw Failure("None were found." + skipped);
    }

    private (AWSCredentials Credentials, string Source)? FromProfile(CredentialProfile profile, string namedBy) =>
        AWSCredentialsFactory.TryGetAWSCredentials(profile, profiles, out var credentials)
            ? (credentials, $"profile '{profile.Name}' ({namedBy})")
            : null;

    private AwsCredentialsException Failure(string finding, Exception? inner = null) =>
        new(
            $"No usable AWS credentials. {finding}{Environment.NewLine}" +
            "The aws provider looks, in this order, at: " +
            "(1) the profile named by the awsProfile setting, when it is set; " +
            "(2) the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (with AWS_SESSION_TOKEN for temporary keys); " +
            "(3) web identity (AWS_WEB_IDENTITY_TOKEN_FILE with AWS_ROLE_ARN); " +
            $"(4) the profile '{ProfileName}' (AWS_PROFILE, else default) in ~/.aws/credentials and ~/.aws/config, " +
            "including SSO profiles (run `aws sso login --profile NAME` when the session has expired); a profile without credentials is skipped; " +
            "(5) container credentials (AWS_CONTAINER_CREDENTIALS_*); " +
            $"(6) the EC2 instance profile, only with awsInstanceProfile=true{(useInstanceProfile ? " (it is on)" : string.Empty)}. " +
            "Nothing was created or changed.",
            inner);

    private string? Variable(string name) =>
        environment.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;
}
