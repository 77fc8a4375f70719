using Workload.Context;

namespace Workload.Preflight;

/// <summary>A run that contradicts itself: Destroy with targets that build what it deletes, or Destroy of hosts that are not the tool's.</summary>
public sealed class TargetsCheck : IPreflightCheck
{
    public PreflightStage Stage => PreflightStage.Local;

    public Task<IReadOnlyList<string>> ProblemsAsync(WorkloadContext context, PreflightScope scope, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (scope.Runs<IDestroysHosts>())
        {
            var others = scope.Tasks.Where(t => t is not IDestroysHosts).Select(t => Frosting.TaskMetadata.NameOf(t.GetType())).ToList();
            if (others.Count > 0)
            {
                problems.Add($"--target: Destroy deletes what the other tasks of this run ({string.Join(", ", others)}) would build or check; run Destroy alone");
            }

            if (Configuration.ProviderKind.Find(context.Settings.Provider) is { MakesHosts: false } kind)
            {
                problems.Add("provider: Destroy deletes what the aws or local provider made, but provider is {kind}: hosts that already existed are not the tool's to delete");
            }
        }

        return Task.FromResult<IReadOnlyList<string>>(problems);
    }
}
