namespace Workload.Resources;

/// <summary>
/// Follow-up work recorded on the host itself (a restart owed because a config changed), so that a run which
/// fails after the change and before the restart leaves the debt where the next run finds it.
/// </summary>
public static class Markers
{
    public const string Directory = "/var/lib/microblog-workload/pending";

    public static string For(string unit, string action) => $"{Directory}/{unit}.{action}";

    /// <summary>Shell that records the markers (before the change they follow from is made).</summary>
    public static string Touch(IEnumerable<string> markers)
    {
        var list = markers.ToList();
        return list.Count == 0 ? string.Empty : $"mkdir -p {Directory} && touch {string.Join(' ', list.Select(Hosts.Shell.Quote))}\n";
    }
}
