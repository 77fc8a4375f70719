using Workload.Context;

namespace Workload.Validation;

/// <summary>What the validation tasks need from the settings before anything runs.</summary>
public static class ValidationRequirements
{
    /// <summary>The app's checkout: <c>app</c> must be set.</summary>
    public static IEnumerable<string> AppCheckout(WorkloadContext context, string task)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Settings.App is null)
        {
            yield return $"app: required by {task}; give a local checkout of the app repository with --app=PATH (or WORKLOAD_APP)";
        }
    }
}
