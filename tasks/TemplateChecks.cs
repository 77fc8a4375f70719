using Cake.Core;
using Cake.Core.Diagnostics;
using Workload.Context;
using Workload.Frosting;
using Workload.Validation;

namespace Workload;

[TaskName(nameof(TemplateChecks))]
[TaskDescription("Checks our templates without a host: nginx site (nginx -t), sudoers drop-in (visudo -cf), prometheus.yml (promtool), here or in a container.")]
public sealed class TemplateChecks : FrostingTask<WorkloadContext>
{
    /// <summary>The default settings: the samples are what a deployment with defaults writes.</summary>
    private static readonly Configuration.WorkloadSettings Defaults = new();

    /// <summary>
    /// The templates checked and how: the nginx site, the sudoers drop-in and prometheus.yml, rendered with the same
    /// models the host tasks use, from default settings.
    /// </summary>
    public static IReadOnlyList<TemplateCheck> Catalog { get; } =
    [
        new(
            "nginx/microblog.conf",
            "nginx",
            "nginx (apt-get install nginx)",
            Nginx.SiteModel(Defaults),

            // A site file is a server block; nginx -t needs a whole configuration around it.
            dir => ["nginx", "-t", "-c", $"{dir}/nginx-check.conf"],
            dir => new Dictionary<string, string>
            {
                ["nginx-check.conf"] =
                    $"pid {dir}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n    access_log off;\n    include {dir}/microblog.conf;\n}}\n",
            }),
        new(
            "sudoers/microblog-jenkins",
            "visudo",
            "sudo (apt-get install sudo), which provides visudo",
            Sudoers.DropInModel(Defaults, "/usr/bin/systemctl", "/usr/bin/journalctl"),
            dir => ["visudo", "-c", "-f", $"{dir}/microblog-jenkins"]),
        new(
            "prometheus/prometheus.yml",
            "promtool",
            "promtool (apt-get install prometheus, or the Prometheus release tarball)",
            Monitoring.PrometheusModel(Defaults, "10.0.1.10:9100"),
            dir => ["promtool", "check", "config", $"{dir}/prometheus.yml"]),
    ];

    public override void Run(WorkloadContext context) => Check(context, Catalog);

    /// <summary>Runs <paramref name="catalog"/>'s checks, reports each, and fails when one failed.</summary>
    internal static IReadOnlyList<TemplateCheckResult> Check(WorkloadContext context, IReadOnlyList<TemplateCheck> catalog)
    {
        var runner = new TemplateCheckRunner(context, context.Templates, () => context.ContainerEngine, context.Settings.TemplateCheckImage);
        var results = runner.Run(catalog);
        if (results.All(r => r.Outcome == TemplateCheckOutcome.Absent))
        {
            context.Log.Information("No templates to check yet: none of {0} is in templates/ (the host tasks add them).", string.Join(", ", catalog.Select(c => c.Template)));
        }

        foreach (var result in results.Where(r => r.Outcome != TemplateCheckOutcome.Absent))
        {
            var level = result.Outcome switch
            {
                TemplateCheckOutcome.Passed => LogLevel.Information,
                TemplateCheckOutcome.NotChecked => LogLevel.Warning,
                _ => LogLevel.Error,
            };
            context.Log.Write(Verbosity.Normal, level, "{0}: {1} - {2}", result.Template, result.Outcome, result.Detail);
        }

        var failed = results.Where(r => r.Outcome == TemplateCheckOutcome.Failed).ToList();
        StepSummary.Append(context, context.Masker, "### Template checks\n\n" + string.Concat(
            results.Select(r => $"- `{r.Template}`: {r.Outcome}{(r.Outcome == TemplateCheckOutcome.Failed ? $" ({r.Detail.Split('\n')[0]})" : string.Empty)}\n")));
        context.Journal.Record(nameof(TemplateChecks), TaskOutcome.Ran, results.Select(r => $"{r.Template}: {r.Outcome}").ToList());
        if (failed.Count > 0)
        {
            throw new CakeException($"Template check failed: {string.Join("; ", failed.Select(f => $"{f.Template}: {f.Detail}"))}");
        }

        return results;
    }
}
