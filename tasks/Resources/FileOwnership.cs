using System.Globalization;

namespace Workload.Resources;

/// <summary>Owner, group and mode of a file or directory on a host.</summary>
public sealed record FileOwnership(string Owner, string Group, string Mode)
{
    public static FileOwnership RootFile { get; } = new("root", "root", "0644");

    public static FileOwnership RootDirectory { get; } = new("root", "root", "0755");

    /// <summary>The mode as a number, so that "644" from stat equals "0644" here.</summary>
    public int ModeBits => Convert.ToInt32(Mode, 8);

    public bool Matches(ResourceFacts facts) =>
        facts.Get("owner") == Owner && facts.Get("group") == Group
        && int.TryParse(facts.Get("mode"), NumberStyles.None, CultureInfo.InvariantCulture, out _)
        && Convert.ToInt32(facts.Get("mode"), 8) == ModeBits;

    public override string ToString() => $"{Mode} {Owner}:{Group}";

    /// <summary>The words for what differs: "mode 0644 -> 0440, owner nobody -> root".</summary>
    public string Differences(ResourceFacts facts)
    {
        var parts = new List<string>();
        var mode = facts.Get("mode") ?? "?";
        if (Convert.ToInt32(mode.Length == 0 ? "0" : mode, 8) != ModeBits)
        {
            parts.Add($"mode {mode.PadLeft(4, '0')} -> {Mode}");
        }

        if (facts.Get("owner") != Owner)
        {
            parts.Add($"owner {facts.Get("owner")} -> {Owner}");
        }

        if (facts.Get("group") != Group)
        {
            parts.Add($"group {facts.Get("group")} -> {Group}");
        }

        return string.Join(", ", parts);
    }
}
