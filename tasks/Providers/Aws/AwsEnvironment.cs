namespace Workload.Providers.Aws;

/// <summary>The environment variables the AWS credential chain and region lookup read.</summary>
public static class AwsEnvironment
{
    public static IReadOnlyDictionary<string, string> Of(WorkloadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Environment.GetEnvironmentVariables().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
    }
}
