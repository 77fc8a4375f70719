using Cake.Core;

namespace Workload.Providers.Aws;

/// <summary>The environment variables the AWS credential chain and region lookup read.</summary>
public static class AwsEnvironment
{
    public static IReadOnlyDictionary<string, string> Of(ICakeEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.GetEnvironmentVariables().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }
}
