using System.Text;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Tests.Resources;

/// <summary>
/// A host that answers the planner's one probe round trip with facts recorded from a real host, resource by
/// resource, as the probes print them (<c>key=value</c> lines). Plans run through <see cref="HostPlanner"/> itself,
/// so the probe sections are parsed and the planning state (what changed before a service) flows as on a host. It
/// refuses every other command: a plan changes nothing.
/// </summary>
public sealed class RecordedHost(params string[][] factsPerResource) : IHostShell
{
    private const string Begin = "@@workload-probe-begin ";
    private const string End = "@@workload-probe-end ";

    public string Name => "recorded";

    public bool IsRoot => true;

    public int RoundTrips { get; private set; }

    /// <summary>Plans <paramref name="resources"/> on the recorded facts, one array of lines per resource, in order.</summary>
    public static HostPlan Plan(IReadOnlyList<Resource> resources, params string[][] factsPerResource)
    {
        ArgumentNullException.ThrowIfNull(resources);
        if (resources.Count != factsPerResource.Length)
        {
            throw new ArgumentException($"{resources.Count} resources but facts for {factsPerResource.Length}", nameof(factsPerResource));
        }

        var host = new RecordedHost(factsPerResource);
        var plan = HostPlanner.PlanAsync(host, resources, CancellationToken.None).GetAwaiter().GetResult();
        return host.RoundTrips == 1 ? plan : throw new InvalidOperationException($"planning took {host.RoundTrips} round trips, not one");
    }

    /// <summary>The summaries of the changes <paramref name="resource"/> plans on <paramref name="facts"/> alone.</summary>
    public static IReadOnlyList<string> Summaries(Resource resource, params string[] facts) =>
        Plan([resource], facts).Changes.Select(c => c.Summary).ToList();

    public Task<CommandResult> RunAsync(string script, CommandOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        if (!IsProbe(script))
        {
            throw new InvalidOperationException("a plan on recorded facts runs only the probes; it was asked to run:\n" + script);
        }

        RoundTrips++;
        return Task.FromResult(ProbeAnswer(factsPerResource));
    }

    /// <summary>Whether <paramref name="script"/> is the planner's probe round trip.</summary>
    public static bool IsProbe(string script) => script.Contains(Begin, StringComparison.Ordinal);

    /// <summary>The probe round trip's output, as a host prints it: each resource's facts between its markers.</summary>
    public static CommandResult ProbeAnswer(string[][] factsPerResource)
    {
        var output = new StringBuilder();
        for (var i = 0; i < factsPerResource.Length; i++)
        {
            output.Append(Begin).Append(i).Append('\n');
            foreach (var line in factsPerResource[i])
            {
                output.Append(line).Append('\n');
            }

            output.Append(End).Append(i).Append('\n');
        }

        return new CommandResult(0, output.ToString(), string.Empty);
    }

    public Task UploadAsync(byte[] content, string remotePath, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException($"a plan on recorded facts uploads nothing; it was asked to upload {remotePath}");
}
