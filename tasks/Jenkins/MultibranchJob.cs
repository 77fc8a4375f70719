using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Workload.Diffs;
using Workload.Hosts;
using Workload.Resources;

namespace Workload.Jenkins;

/// <summary>How often a multibranch job scans its repository, as cloudbees-folder's PeriodicFolderTrigger keeps it.</summary>
public sealed partial record ScanInterval(long Milliseconds)
{
    private static readonly (long Limit, string Spec)[] Crontabs =
    [
        (5 * 60_000L, "* * * * *"), (30 * 60_000L, "H/5 * * * *"), (60 * 60_000L, "H/15 * * * *"),
        (8 * 3_600_000L, "H/30 * * * *"), (86_400_000L, "H H/4 * * *"), (2 * 86_400_000L, "H H/12 * * *"),
    ];

    /// <summary>Reads 15m, 1h, 1d (1 minute to 30 days, the trigger's bounds); null for anything else.</summary>
    public static ScanInterval? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            return null;
        }

        var unit = match.Groups[2].Value switch { "m" => 60_000L, "h" => 3_600_000L, _ => 86_400_000L };
        var milliseconds = count * unit;
        return milliseconds is < 60_000 or > 30 * 86_400_000L ? null : new ScanInterval(milliseconds);
    }

    /// <summary>The cron spec the trigger uses for this interval (it wakes that often, then compares times).</summary>
    public string Spec => Crontabs.FirstOrDefault(c => Milliseconds <= c.Limit).Spec ?? "H H * * *";

    /// <summary>As Jenkins shows it: 1d, 12h, 30m.</summary>
    public override string ToString() => Milliseconds switch
    {
        var ms when ms % 86_400_000 == 0 => $"{ms / 86_400_000}d",
        var ms when ms % 3_600_000 == 0 => $"{ms / 3_600_000}h",
        var ms when ms % 60_000 == 0 => $"{ms / 60_000}m",
        var ms => $"{ms}ms",
    };

    [GeneratedRegex("^([1-9][0-9]{0,5})([mhd])$")]
    private static partial Regex Pattern();
}

/// <summary>The multibranch pipeline job the workload needs: what is compared, and what a new one is made from.</summary>
public sealed record MultibranchJobSpec(string Name, string Repository, string? CredentialsId, string ScriptPath, ScanInterval Interval)
{
    public const string ProjectClass = "org.jenkinsci.plugins.workflow.multibranch.WorkflowMultiBranchProject";
    public const string GitSource = "jenkins.plugins.git.GitSCMSource";
    public const string BranchDiscovery = "jenkins.plugins.git.traits.BranchDiscoveryTrait";
    public const string Factory = "org.jenkinsci.plugins.workflow.multibranch.WorkflowBranchProjectFactory";
    public const string Trigger = "com.cloudbees.hudson.plugins.folder.computed.PeriodicFolderTrigger";

    /// <summary>The id of the branch source the tool manages (a user may add others).</summary>
    public const string SourceId = "microblog-workload";

    /// <summary>What templates/jenkins/multibranch-job.xml is rendered with.</summary>
    public object Model() => new
    {
        Description = $"The microblog workload pipeline over {Repository}. Managed by microblog-workload: its source, Jenkinsfile path and scan interval are set by the tool.",
        ScanSpec = Interval.Spec,
        ScanIntervalMillis = Interval.Milliseconds.ToString(CultureInfo.InvariantCulture),
        SourceId,
        Repository,
        CredentialsId = CredentialsId ?? string.Empty,
        ScriptPath,
    };

    /// <summary>
    /// The job's config.xml with the managed fields as wanted, and the differences in words (none when they match):
    /// the git source's remote, credentials and branch discovery, the Jenkinsfile path, the scan interval. Everything
    /// else stays as it is.
    /// </summary>
    public (string Text, IReadOnlyList<string> Differences) Reconcile(string current)
    {
        var document = JenkinsXml.TryParse(current)
            ?? throw new InvalidOperationException($"Jenkins' config.xml of job {Name} is not XML; fix or delete the job.");
        var root = document.Root;
        if (root.Name.LocalName != ProjectClass)
        {
            throw new InvalidOperationException($"The Jenkins job '{Name}' exists and is a {root.Name.LocalName}, not a multibranch pipeline: delete or rename it, or set jenkinsJobName to another name.");
        }

        var differences = new List<string>();
        var source = root.Elements("sources").Elements("data").Elements("jenkins.branch.BranchSource").Elements("source")
            .Where(s => (string?)s.Attribute("class") == GitSource)
            .OrderBy(s => JenkinsXml.Text(s, "id") == SourceId ? 0 : 1)
            .FirstOrDefault();
        if (source is null)
        {
            differences.Add($"add the git source {Repository}");
            var data = root.Element("sources")?.Element("data");
            if (data is null)
            {
                var sources = root.Element("sources") ?? new XElement("sources", new XAttribute("class", "jenkins.branch.MultiBranchProject$BranchSourceList"));
                if (sources.Parent is null)
                {
                    JenkinsXml.Append(root, sources);
                }

                data = new XElement("data");
                JenkinsXml.Append(sources, data);
            }

            source = new XElement("source", new XAttribute("class", GitSource), new XElement("id", SourceId), new XElement("remote", Repository),
                new XElement("credentialsId", CredentialsId ?? string.Empty), new XElement("traits", new XElement(BranchDiscovery)));
            JenkinsXml.Append(data, new XElement("jenkins.branch.BranchSource", source,
                new XElement("strategy", new XAttribute("class", "jenkins.branch.DefaultBranchPropertyStrategy"), new XElement("properties", new XAttribute("class", "empty-list")))));
        }
        else
        {
            Compare(differences, source, "remote", "repository", Repository);
            Compare(differences, source, "credentialsId", "repository credentials", CredentialsId ?? string.Empty);
            var traits = source.Element("traits");
            if (traits is null)
            {
                traits = new XElement("traits");
                JenkinsXml.Append(source, traits);
            }

            if (traits.Element(BranchDiscovery) is null)
            {
                differences.Add("discover branches (BranchDiscoveryTrait)");
                JenkinsXml.Append(traits, new XElement(BranchDiscovery));
            }
        }

        var factory = root.Element("factory");
        if (factory is null || (string?)factory.Attribute("class") != Factory)
        {
            differences.Add($"read the Jenkinsfile from {ScriptPath} (WorkflowBranchProjectFactory)");
            if (factory is not null)
            {
                JenkinsXml.Remove(factory);
            }

            JenkinsXml.Append(root, new XElement("factory", new XAttribute("class", Factory), new XElement("scriptPath", ScriptPath)));
        }
        else
        {
            Compare(differences, factory, "scriptPath", "Jenkinsfile path", ScriptPath);
        }

        var triggers = root.Element("triggers");
        if (triggers is null)
        {
            triggers = new XElement("triggers");
            JenkinsXml.Append(root, triggers);
        }

        var trigger = triggers.Element(Trigger);
        if (trigger is null)
        {
            differences.Add($"scan every {Interval}");
            JenkinsXml.Append(triggers, new XElement(Trigger, new XElement("spec", Interval.Spec), new XElement("interval", Interval.Milliseconds.ToString(CultureInfo.InvariantCulture))));
        }
        else
        {
            var shown = long.TryParse(JenkinsXml.Text(trigger, "interval"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? new ScanInterval(ms).ToString() : JenkinsXml.Text(trigger, "interval") ?? "(none)";
            if (ms != Interval.Milliseconds)
            {
                differences.Add($"scan interval {shown} -> {Interval}");
                JenkinsXml.SetText(trigger, "interval", Interval.Milliseconds.ToString(CultureInfo.InvariantCulture));
                JenkinsXml.SetText(trigger, "spec", Interval.Spec);
            }
        }

        return (document.ToString(), differences);
    }

    private static void Compare(List<string> differences, XElement parent, string element, string words, string wanted)
    {
        var current = JenkinsXml.Text(parent, element) ?? string.Empty;
        if (current != wanted)
        {
            differences.Add($"{words} {(current.Length == 0 ? "(none)" : current)} -> {(wanted.Length == 0 ? "(none)" : wanted)}");
            JenkinsXml.SetText(parent, element, wanted);
        }
    }
}

/// <summary>
/// The multibranch pipeline job, through Jenkins' REST interface: its config.xml is read and compared by fields
/// (<see cref="MultibranchJobSpec.Reconcile"/>); a new job is created from templates/jenkins/multibranch-job.xml
/// (POST /createItem), an existing one updated in the managed fields only (POST config.xml). No restart.
/// </summary>
public sealed class MultibranchJob(JenkinsApi api, MultibranchJobSpec spec, string newConfig) : Resource
{
    private string ConfigPath => JenkinsApi.JobPath(spec.Name) + "/config.xml";

    public override string Description => $"Jenkins job {spec.Name}";

    public override string Probe() => api.Prelude() + JenkinsApi.Read("job", ConfigPath);

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        JenkinsApi.EnsureUsable(facts, "job", Description);
        if (facts.Get("job_status") != "200")
        {
            var when = JenkinsApi.Answered(facts, "job") ? string.Empty : " (once Jenkins answers)";
            var summary = $"create multibranch pipeline job {spec.Name} over {spec.Repository}: branches discovered, scanned every {spec.Interval}, Jenkinsfile at {spec.ScriptPath}" +
                (spec.CredentialsId is null ? string.Empty : $", credentials {spec.CredentialsId}") + when;
            return [new Change(summary, UnifiedDiff.Create(null, newConfig, ConfigPath), (shell, token) => ApplyAsync(shell, newConfig, token))];
        }

        var current = facts.GetText("job_body") ?? string.Empty;
        var (wanted, differences) = spec.Reconcile(current);
        return differences.Count == 0
            ? []
            : [new Change($"update job {spec.Name}: {string.Join("; ", differences)}", UnifiedDiff.Create(current, wanted, ConfigPath), (shell, token) => ApplyAsync(shell, wanted, token))];
    }

    private async Task ApplyAsync(IHostShell shell, string config, CancellationToken cancellationToken)
    {
        var script = $$"""
            set -e
            jwait {{WaitSeconds}}
            jcrumb
            if [ "$(jget {{Shell.Quote(ConfigPath)}} "$jw/existing")" = 200 ]; then
              status=$(jpost {{Shell.Quote(ConfigPath)}} application/xml)
            else
              status=$(jpost {{Shell.Quote("/createItem?name=" + Uri.EscapeDataString(spec.Name))}} application/xml)
            fi
            if [ "$status" != 200 ]; then echo "Jenkins answered $status: $(head -c 2000 "$jw/out" | sed 's/<[^>]*>/ /g')" >&2; exit 4; fi
            """;
        await api.RunAsync(shell, script, $"Writing the configuration of {Description}", cancellationToken, Encoding.UTF8.GetBytes(config)).ConfigureAwait(false);
    }

    /// <summary>How long an apply waits for Jenkins to answer (it may have just restarted).</summary>
    public int WaitSeconds { get; init; } = 300;
}
