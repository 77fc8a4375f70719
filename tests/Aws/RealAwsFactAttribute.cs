namespace Workload.Tests.Aws;

/// <summary>
/// A test against a real AWS account: it runs only when REAL_AWS_TESTS is set (not WORKLOAD_*: the tool refuses unknown WORKLOAD_ variables) (1: read-only checks;
/// full: also creates and destroys the workload, which costs a few cents) and credentials are at hand; it is
/// reported as skipped otherwise, with the reason.
/// </summary>
public sealed class RealAwsFactAttribute : FactAttribute
{
    public const string OptInVariable = "REAL_AWS_TESTS";

    public RealAwsFactAttribute(bool createsResources = false)
    {
        var optIn = Environment.GetEnvironmentVariable(OptInVariable);
        if (optIn is not ("1" or "full"))
        {
            Skip = $"real AWS: set {OptInVariable}=1 (read-only) or {OptInVariable}=full (creates and destroys resources) with AWS credentials to run";
        }
        else if (createsResources && optIn != "full")
        {
            Skip = $"creates real EC2 resources: set {OptInVariable}=full to run";
        }
        else if (!HasCredentials())
        {
            Skip = "real AWS: no AWS credentials (AWS_ACCESS_KEY_ID, AWS_PROFILE or ~/.aws) in this environment";
        }
    }

    private static bool HasCredentials()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is { Length: > 0 }
            || Environment.GetEnvironmentVariable("AWS_PROFILE") is { Length: > 0 }
            || File.Exists(Path.Combine(home, ".aws", "credentials"))
            || File.Exists(Path.Combine(home, ".aws", "config"));
    }
}
