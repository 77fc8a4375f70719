using System.Xml.Linq;
using Workload.Resources;

namespace Workload.Jenkins;

/// <summary>
/// The Dependency-Check tool installation Jenkins' pipelines name (odcInstallation: 'DP-Check'), in the file where
/// the dependency-check plugin keeps its installations and reads them when Jenkins starts. Read and compared by
/// fields (the installation's name, home, and installers): in sync when the installation points at the verified
/// release the tool installed and runs no installer of its own (the plugin's would download from GitHub unchecked).
/// A change edits only that installation, keeps the others, and restarts Jenkins (a watched resource).
/// </summary>
public sealed class DependencyCheckToolConfig(string toolName, string home) : NotifyingResource
{
    public const string File = JenkinsApi.Home + "/org.jenkinsci.plugins.DependencyCheck.DependencyCheckToolBuilder.xml";
    public const string DescriptorElement = "org.jenkinsci.plugins.DependencyCheck.DependencyCheckToolBuilder_-DependencyCheckToolBuilderDescriptor";
    public const string InstallationElement = "org.jenkinsci.plugins.DependencyCheck.tools.DependencyCheckInstallation";
    private const string InstallSource = "hudson.tools.InstallSourceProperty";

    private static readonly FileOwnership Ownership = new("jenkins", "jenkins", "0644");

    public override string Description => $"Dependency-Check installation {toolName}";

    // The probe of the file itself: its facts are what the file resource that writes it reads.
    public override string Probe() => new ManagedFile(File, string.Empty, Ownership).Probe();

    public override IReadOnlyList<Change> Plan(ResourceFacts facts, PlanningState state)
    {
        var current = facts.IsTrue("exists") ? facts.GetText("content") : null;
        var (wanted, differences) = Reconcile(current, toolName, home);
        if (differences.Count == 0 && (current is null || Ownership.Matches(facts)))
        {
            return [];
        }

        var file = new ManagedFile(File, wanted, Ownership);
        foreach (var marker in MarkersToTouch)
        {
            file.AddMarker(marker);
        }

        var changes = file.Plan(facts, state);
        return changes.Select(c => c with { Summary = $"{Description}: {(differences.Count > 0 ? string.Join("; ", differences) : "owner and mode")} ({c.Summary})" }).ToList();
    }

    /// <summary>
    /// The file with the installation as wanted, and the differences in words (none when the fields match).
    /// A file that cannot be read as XML is replaced.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Differences) Reconcile(string? current, string toolName, string home)
    {
        var differences = new List<string>();
        var document = current is null ? null : JenkinsXml.TryParse(current);
        if (document is null || document.Root.Name.LocalName != DescriptorElement)
        {
            differences.Add(current is null ? $"add it (home {home})" : $"add it (home {home}), replacing a file Jenkins cannot read");
            document = JenkinsXml.TryParse($"<?xml version='1.1' encoding='UTF-8'?>\n<{DescriptorElement}>\n  <installations>\n  </installations>\n</{DescriptorElement}>\n")!;
        }

        var installations = document.Root.Element("installations");
        if (installations is null)
        {
            installations = new XElement("installations");
            JenkinsXml.Append(document.Root, installations);
        }

        var installation = installations.Elements(InstallationElement).FirstOrDefault(i => JenkinsXml.Text(i, "name") == toolName);
        if (installation is null)
        {
            if (differences.Count == 0)
            {
                differences.Add($"add it (home {home})");
            }

            installation = new XElement(InstallationElement, new XElement("name", toolName), new XElement("home", home), new XElement("properties"));
            JenkinsXml.Append(installations, installation);
            return (document.ToString(), differences);
        }

        var currentHome = JenkinsXml.Text(installation, "home") ?? string.Empty;
        if (currentHome != home)
        {
            differences.Add($"home {(currentHome.Length == 0 ? "(none)" : currentHome)} -> {home}");
            JenkinsXml.SetText(installation, "home", home);
        }

        var installers = installation.Element("properties")?.Elements(InstallSource).ToList() ?? [];
        foreach (var installer in installers)
        {
            var kinds = installer.Element("installers")?.Elements().Select(e => e.Name.LocalName.Split('.').Last() + (JenkinsXml.Text(e, "id") is { } id ? " " + id : string.Empty)) ?? [];
            differences.Add($"remove its installer ({string.Join(", ", kinds)}): Jenkins would download the scanner itself, unchecked");
            JenkinsXml.Remove(installer);
        }

        return (document.ToString(), differences);
    }
}
